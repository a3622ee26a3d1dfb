import { notFound } from './errors';
import type { Post } from './post';
import type { CacheOutcome, PostCache } from './post-cache';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';
import type { SingleFlight } from './single-flight';

export interface ReadPostDeps {
  readonly posts: Pick<PostRepository, 'get'>;
  /** Absent when no cache is configured: every read is a BYPASS. */
  readonly cache?: PostCache;
  /** Concurrent misses for one id share one repository read. */
  readonly reads: SingleFlight<Post | undefined>;
  /** A cache call failed or timed out; the read carried on without the cache. */
  readonly onCacheError?: (error: unknown, operation: 'get' | 'fill') => void;
}

export interface PostRead {
  readonly post: Post;
  readonly cache: CacheOutcome;
}

/**
 * Cache-aside: the cache when it has the post, else the repository, then fill
 * the cache with a post that is `ready`.
 */
export async function readPost(deps: ReadPostDeps, id: unknown): Promise<PostRead> {
  const postId = parse(postIdSchema, id, 'post id');
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
    // Only a settled post is cached: while `processing`, its status and jobs still change,
    // and the workers that change them (one calls the internet, outside the cache's VPC)
    // cannot invalidate. Once `ready`, only a delete changes it, and that invalidates.
    if (found && fillWith && found.status === 'ready') {
      try {
        await fillWith.fill(found);
      } catch (error) {
        deps.onCacheError?.(error, 'fill');
      }
    }
    return found;
  });
  if (!post) throw notFound(`No post has the id ${postId}.`);
  return { post, cache: outcome };
}
