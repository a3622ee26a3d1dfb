import { BroadcastChannel } from 'node:worker_threads';
import type { KeyValueStore } from './key-value-store';

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

/** A write as it is replayed in the other containers. */
interface Replicated {
  readonly key: string;
  readonly value: string;
  readonly ttlMs: number;
  readonly onlyIfAbsent: boolean;
}

/** A write on its way through the local cloud's pools (local/lambda/container-host.ts). */
export interface CacheBroadcast {
  readonly type: 'broadcast';
  readonly channel: string;
  readonly data: Replicated;
}

/**
 * Set by the local Lambda runtime in a container process (local/lambda/lambda-runtime.ts):
 * sends a message up the container's IPC channel. Absent in Lambda and in worker threads.
 */
export const cacheRelay = Symbol.for('posts-api.local-cache-relay');

function isBroadcast(message: unknown, channel: string): message is CacheBroadcast {
  const m = message as Partial<CacheBroadcast> | null;
  return m?.type === 'broadcast' && m.channel === channel;
}

export interface MemoryStoreOptions {
  readonly maxEntries: number;
  /**
   * Writes are replayed in every store on this channel, so an invalidation in
   * the deleting function's container reaches the reading function's, as it
   * would through a shared Valkey. Containers of one local cloud are child
   * processes of it (the write goes up their IPC channel before the
   * invocation's result, so it is replayed before the caller has its answer)
   * or worker threads of one process (a BroadcastChannel).
   */
  readonly channel?: string;
  readonly now?: () => number;
}

/** An in-process LRU with per-entry TTL: the cache of `npm run dev` when no server is set. */
export class MemoryStore implements KeyValueStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly channel: BroadcastChannel | undefined;
  private readonly relay: ((write: Replicated) => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly options: MemoryStoreOptions) {
    this.now = options.now ?? Date.now;
    const name = options.channel;
    const send = (globalThis as Record<symbol, unknown>)[cacheRelay] as
      ((message: CacheBroadcast) => void) | undefined;
    if (name && send) {
      this.relay = (data) =>
        send({ type: 'broadcast', channel: name, data } satisfies CacheBroadcast);
      process.on('message', (message: unknown) => {
        if (isBroadcast(message, name)) {
          const w = message.data;
          this.write(w.key, w.value, w.ttlMs, w.onlyIfAbsent);
        }
      });
    } else if (name) {
      this.channel = new BroadcastChannel(name);
      // A container must be free to end; the channel alone keeps nothing alive.
      this.channel.unref();
      this.channel.onmessage = (event) => {
        const w = event.data as Replicated;
        this.write(w.key, w.value, w.ttlMs, w.onlyIfAbsent);
      };
    }
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    // Most recently used goes last; eviction takes the first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<void> {
    this.write(key, value, ttlMs, onlyIfAbsent);
    const write: Replicated = { key, value, ttlMs, onlyIfAbsent };
    if (this.relay) this.relay(write);
    else this.channel?.postMessage(write);
  }

  async ping(_timeoutMs?: number): Promise<void> {}

  async close(): Promise<void> {
    this.channel?.close();
  }

  private write(key: string, value: string, ttlMs: number, onlyIfAbsent: boolean): void {
    if (onlyIfAbsent && this.live(key)) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
