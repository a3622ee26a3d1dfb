import Redis from 'iovalkey';
import { CacheUnavailable, type KeyValueStore } from './key-value-store';

export interface CacheCredentials {
  readonly username: string;
  readonly password: string;
}

export interface ValkeyStoreOptions {
  /** `redis://[user:pass@]host:port` or `rediss://…` (TLS). */
  readonly url: string;
  /** Asked before every connection, so an IAM token (valid 15 minutes) is always fresh. */
  readonly credentials?: () => Promise<CacheCredentials>;
  /** Every call, waiting for a connection included. */
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly reconnectBackoffMs: { readonly initial: number; readonly max: number };
  /** Timeouts in a row on an open connection before it is dropped and reopened. */
  readonly timeoutsBeforeReconnect: number;
  readonly now?: () => number;
}

/**
 * Valkey/Redis through iovalkey, one connection per container, built to fail
 * fast: no offline queue (a command with no connection fails at once), no
 * automatic reconnect loop (reconnects happen on demand, at most one at a
 * time, with a growing pause after each failure), and every call raced
 * against `commandTimeoutMs`. A dead or stalled cache costs a request at most
 * that long, and usually nothing.
 */
export class ValkeyStore implements KeyValueStore {
  readonly kind = 'valkey';
  private readonly client: Redis;
  private readonly now: () => number;
  private connecting: Promise<void> | undefined;
  private retryAt = 0;
  private backoffMs: number;
  private timeoutsInARow = 0;

  constructor(private readonly options: ValkeyStoreOptions) {
    const url = new URL(options.url);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
      throw new Error(`A cache URL is redis:// or rediss://, not ${url.protocol}//`);
    }
    this.now = options.now ?? Date.now;
    this.backoffMs = options.reconnectBackoffMs.initial;
    this.client = new Redis({
      host: url.hostname,
      port: Number(url.port || 6379),
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
      // ElastiCache Serverless only speaks TLS; the name is checked against its certificate.
      ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
      lazyConnect: true,
      enableOfflineQueue: false,
      // One round trip less per connection; a server still loading answers errors, which bypass.
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      retryStrategy: () => null,
      connectTimeout: options.connectTimeoutMs,
      keepAlive: 10_000,
    });
    // Failures reach the callers through their commands; the event would only print.
    this.client.on('error', () => undefined);
  }

  /**
   * Starts connecting now, without waiting: called at cold start, so the
   * connection (TCP, TLS, AUTH) is usually open before the first request
   * needs it, instead of costing that request its timeout.
   */
  open(): void {
    this.ready().catch(() => undefined);
  }

  get(key: string): Promise<string | undefined> {
    return this.call(async (c) => (await c.get(key)) ?? undefined);
  }

  set(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<void> {
    return this.call(async (c) => {
      if (onlyIfAbsent) await c.set(key, value, 'PX', ttlMs, 'NX');
      else await c.set(key, value, 'PX', ttlMs);
    });
  }

  ping(timeoutMs?: number): Promise<void> {
    return this.call(async (c) => {
      await c.ping();
    }, timeoutMs);
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }

  private async call<T>(command: (client: Redis) => Promise<T>, timeoutMs?: number): Promise<T> {
    const wasReady = this.client.status === 'ready';
    const limit = timeoutMs ?? this.options.commandTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new CacheUnavailable(`The cache did not answer within ${limit} ms`)),
        limit,
      );
    });
    const work = this.ready().then(() => command(this.client));
    // The race's loser still settles later; that must not be an unhandled rejection.
    work.catch(() => undefined);
    try {
      const result = await Promise.race([work, timedOut]);
      this.timeoutsInARow = 0;
      return result;
    } catch (error) {
      if (wasReady && error instanceof CacheUnavailable) this.onStall();
      throw error instanceof CacheUnavailable
        ? error
        : new CacheUnavailable((error as Error).message, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** An open connection that stops answering is dropped, and left alone for a while. */
  private onStall(): void {
    this.timeoutsInARow += 1;
    if (this.timeoutsInARow < this.options.timeoutsBeforeReconnect) return;
    this.timeoutsInARow = 0;
    this.pauseReconnects();
    this.client.disconnect();
  }

  private ready(): Promise<void> {
    if (this.client.status === 'ready') return Promise.resolve();
    if (this.connecting) return this.connecting;
    const wait = this.retryAt - this.now();
    if (wait > 0) {
      return Promise.reject(
        new CacheUnavailable(
          `The cache failed recently; the next connection attempt is in ${wait} ms`,
        ),
      );
    }
    this.connecting = this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    try {
      if (this.options.credentials) {
        const { username, password } = await this.options.credentials();
        // iovalkey reads these on every connect: the next AUTH carries them.
        this.client.options.username = username;
        this.client.options.password = password;
      }
      await this.client.connect();
      this.backoffMs = this.options.reconnectBackoffMs.initial;
    } catch (error) {
      this.pauseReconnects();
      this.client.disconnect();
      throw new CacheUnavailable('Could not connect to the cache', { cause: error });
    }
  }

  private pauseReconnects(): void {
    this.retryAt = this.now() + this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectBackoffMs.max);
  }
}
