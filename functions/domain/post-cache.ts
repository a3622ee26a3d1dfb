import type { Post } from './post';

/** What the cache did for one read: served it, missed, or was not used (absent or failing). */
export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

/**
 * A cache in front of the posts (or of what GET /posts/{id} shows of one: `V`). Any call may fail or time out: the callers
 * treat that as "no cache" and read DynamoDB, so the cache can only make a
 * request faster, never fail it.
 */
export interface PostCache<V extends { readonly id: string } = Post> {
  get(id: string): Promise<V | undefined>;
  /** Stores a post just read, unless it was invalidated while the read was under way. */
  fill(post: V): Promise<void>;
  /** Drops the post, and keeps a read that started before now from putting it back. */
  invalidate(id: string): Promise<void>;
}
