import type { KeyValueStore } from './key-value-store';

/**
 * A store whose code is still loading (a dynamic import): every call waits
 * for it, then goes to it. The load starts during init, so by the first
 * request it has long finished; a store that failed to load fails each call,
 * as a cache that cannot answer does.
 */
export class DeferredStore implements KeyValueStore {
  constructor(
    readonly kind: KeyValueStore['kind'],
    private readonly loading: Promise<KeyValueStore>,
  ) {
    // Until a call asks, a failed load has no one to tell; each call then gets the error.
    loading.catch(() => undefined);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.loading).get(key);
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<void> {
    return (await this.loading).set(key, value, ttlMs, onlyIfAbsent);
  }

  async ping(timeoutMs?: number): Promise<void> {
    return (await this.loading).ping(timeoutMs);
  }

  async close(): Promise<void> {
    return (await this.loading).close();
  }
}
