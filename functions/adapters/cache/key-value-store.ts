/**
 * The little a cache backend must do: string values with a time to live.
 * Two backends implement it: Valkey/Redis over the network, and an
 * in-process store for `npm run dev` without a server.
 */
export interface KeyValueStore {
  readonly kind: 'valkey' | 'memory';
  get(key: string): Promise<string | undefined>;
  /** SET with a TTL; with `onlyIfAbsent` (NX) it does nothing when the key exists. */
  set(key: string, value: string, ttlMs: number, onlyIfAbsent?: boolean): Promise<void>;
  /** A round trip; `timeoutMs` overrides the call timeout (a probe may wait for a connection). */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A cache call that did not answer within its timeout, or could not be sent at all. */
export class CacheUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheUnavailable';
  }
}
