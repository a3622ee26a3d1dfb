import { notFound } from './errors';
import type { Post } from './post';
import type { CacheOutcome, PostCache } from './post-cache';
import { parse, postIdSchema } from './post-input';
import type { SingleFlight } from './single-flight';

export interface ReadPostDeps<V extends Post = Post, S extends { readonly id: string } = V> {
  readonly posts: { get(id: string): Promise<V | undefined> };
  /** Absent when no cache is configured: every read is a BYPASS. */
  readonly cache?: PostCache<S>;
  /** Concurrent misses for one id share one repository read. */
  readonly reads: SingleFlight<S | undefined>;
  /** A cache call failed or timed out; the read carried on without the cache. */
  readonly onCacheError?: (error: unknown, operation: 'get' | 'fill') => void;
  /**
   * Whether what was read may be cached: by default a `ready` post. While
   * `processing`, its status and jobs still change, and the workers that change
   * them run outside the cache's VPC and cannot invalidate it.
   */
  readonly cacheable?: (read: V) => boolean;
  /**
   * What the caller is shown of what was read, and so what the cache holds (by
   * default all of it). Decided before caching: a hit can only ever serve what
   * a reader may see.
   */
  readonly show?: (read: V) => S;
}

export interface PostRead<S> {
  readonly post: S;
  readonly cache: CacheOutcome;
}

/**
 * Cache-aside: the cache when it has the post, else the repository, then fill
 * the cache with a post that is `ready`.
 */
export async function readPost<V extends Post = Post, S extends { readonly id: string } = V>(
  deps: ReadPostDeps<V, S>,
  id: unknown,
): Promise<PostRead<S>> {
  const postId = parse(postIdSchema, id, 'post id', 'id');
  let outcome: CacheOutcome = 'BYPASS';
  if (deps.cache) {
    try {
      const cached = await deps.cache.get(postId);
      if (cached) return { post: cached, cache: 'HIT' };
      outcome = 'MISS';
    } catch (error) {
      deps.onCacheError?.(error, 'get');
    }
  }
  // A cache that just failed is not asked again in this request: it would only add its timeout.
  const fillWith = outcome === 'MISS' ? deps.cache : undefined;
  const post = await deps.reads.run(postId, async () => {
    const found = await deps.posts.get(postId);
    if (!found) return undefined;
    const shown = deps.show ? deps.show(found) : (found as unknown as S);
    const cacheable = deps.cacheable ?? ((read: V) => read.status === 'ready');
    if (fillWith && cacheable(found)) {
      try {
        await fillWith.fill(shown);
      } catch (error) {
        deps.onCacheError?.(error, 'fill');
      }
    }
    return shown;
  });
  if (!post) throw notFound(`No post has the id ${postId}.`);
  return { post, cache: outcome };
}
