import type { Caller } from './caller';
import { forbidden, notFound } from './errors';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';

/**
 * Deletes a post (only its author may), then invalidates its cached copy.
 * `invalidate` never throws: the post is gone from the table either way, and
 * the cache's own guard (and TTL) bound how long a copy could outlive a lost
 * invalidation.
 */
export async function deletePost(
  posts: PostRepository,
  caller: Caller,
  id: unknown,
  invalidate?: (id: string) => Promise<void>,
): Promise<void> {
  const postId = parse(postIdSchema, id, 'post id');
  const outcome = await posts.delete(postId, caller.userId);
  if (outcome === 'not_found') throw notFound(`No post has the id ${postId}.`);
  if (outcome === 'not_owner') throw forbidden('Only the author of a post may delete it.');
  await invalidate?.(postId);
}
