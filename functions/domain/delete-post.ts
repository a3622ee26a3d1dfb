import { notFound } from './errors';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';

/**
 * Deletes a post, then invalidates its cached copy. `invalidate` never
 * throws: the post is gone from the table either way, and the cache's own
 * guard (and TTL) bound how long a copy could outlive a lost invalidation.
 */
export async function deletePost(
  posts: PostRepository,
  id: unknown,
  invalidate?: (id: string) => Promise<void>,
): Promise<void> {
  const postId = parse(postIdSchema, id, 'post id');
  if (!(await posts.delete(postId))) throw notFound(`No post has the id ${postId}.`);
  await invalidate?.(postId);
}
