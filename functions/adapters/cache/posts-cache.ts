import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { functions, service, type FunctionName } from '../../../lib/description';
import type { Post } from '../../domain/post';
import type { PostCache } from '../../domain/post-cache';
import { MetricName } from '../../observability/metric-names';
import { telemetry } from '../../observability/telemetry';
import type { KeyValueStore } from './key-value-store';
import { cacheStore } from './container-cache-store';

/** What an invalidation leaves in place of a post; never valid post JSON. */
const TOMBSTONE = '!invalidated';

/**
 * How long an invalidation keeps fills out: longer than any read that may
 * have started before it can still be running, i.e. the longest timeout of a
 * function that uses the cache. Without it, a read that fetched the old post
 * just before a delete could put it back just after.
 */
export const invalidationHoldMs =
  Math.max(
    ...Object.values(functions)
      .filter((f) => f.uses?.includes('cache'))
      .map((f) => f.timeoutSeconds),
  ) * 1000;

export interface PostsCacheOptions {
  readonly ttlMs?: number;
  readonly holdMs?: number;
  readonly onLatency?: (ms: number) => void;
}

/**
 * Posts in a key-value cache, as JSON under `posts-api:post:<id>`. A fill is
 * SET NX, and an invalidation writes a short-lived tombstone instead of a DEL,
 * so a slow read can never resurrect a deleted or changed post.
 */
export class PostsCache<V extends { readonly id: string } = Post> implements PostCache<V> {
  /** The cache as one function sees it, or undefined when none is configured. */
  static forFunction<V extends { readonly id: string } = Post>(
    name: FunctionName,
  ): PostsCache<V> | undefined {
    const store = cacheStore();
    if (!store) return undefined;
    const { metrics } = telemetry(name);
    return new PostsCache<V>(store, {
      onLatency: (ms) => metrics.addMetric(MetricName.CacheLatency, MetricUnit.Milliseconds, ms),
    });
  }

  private readonly ttlMs: number;
  private readonly holdMs: number;

  constructor(
    readonly store: KeyValueStore,
    private readonly options: PostsCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? service.cache.postTtlSeconds * 1000;
    this.holdMs = options.holdMs ?? invalidationHoldMs;
  }

  static key(id: string): string {
    return `${service.name}:post:${id}`;
  }

  async get(id: string): Promise<V | undefined> {
    const raw = await this.timed(() => this.store.get(PostsCache.key(id)));
    if (raw === undefined || raw === TOMBSTONE) return undefined;
    const post = JSON.parse(raw) as V | null;
    if (post?.id !== id) throw new Error(`The cache holds something else under post ${id}`);
    return post;
  }

  fill(post: V): Promise<void> {
    return this.timed(() =>
      this.store.set(PostsCache.key(post.id), JSON.stringify(post), this.ttlMs, true),
    );
  }

  invalidate(id: string): Promise<void> {
    return this.timed(() => this.store.set(PostsCache.key(id), TOMBSTONE, this.holdMs));
  }

  private async timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.options.onLatency?.(performance.now() - started);
    }
  }
}
