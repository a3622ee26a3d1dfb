import type { Caller } from './caller';
import { forbidden, notFound } from './errors';
import { mediaKeys } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import { parse, postIdSchema } from './post-input';
import type { PostRepository } from './post-repository';
import { uncountId, type PostCounters } from './post-stats';

export interface DeletePostDeps {
  readonly posts: PostRepository;
  readonly media: Pick<MediaRepository, 'removeAll'>;
  readonly storage: Pick<ObjectStorage, 'delete'>;
  /** The post counters (`GET /stats`): a counted post comes off them. */
  readonly counters: Pick<PostCounters, 'remove' | 'settle'>;
  /** Never throws (see below). */
  readonly invalidate?: (id: string) => Promise<void>;
}

/**
 * Deletes a post (only its author may), then everything that was its: the
 * media records, their uploads and renditions, the share card, the cached
 * copy. The post goes first, with the ownership check in the same write, so
 * no worker finishes anything for it afterwards (a worker that loses that
 * race removes what it wrote itself). Deleting an object that is not there
 * is no error, so a media never processed costs nothing.
 *
 * The counters lose the post when the delete finds it counted (see countPost
 * for the race with the analytics job).
 *
 * `invalidate` never throws: the post is gone from the table either way, and
 * the cache's own guard (and TTL) bound how long a copy could outlive a lost
 * invalidation.
 */
export async function deletePost(deps: DeletePostDeps, caller: Caller, id: unknown): Promise<void> {
  const postId = parse(postIdSchema, id, 'post id', 'id');
  const outcome = await deps.posts.delete(postId, caller.userId);
  if (outcome.kind === 'not_found') throw notFound(`No post has the id ${postId}.`);
  if (outcome.kind === 'not_owner') throw forbidden('Only the author of a post may delete it.');
  await deps.invalidate?.(postId);
  if (outcome.counted) {
    await deps.counters.remove(uncountId(postId), outcome.counted);
    await deps.counters.settle(uncountId(postId), outcome.counted);
  }
  const media = await deps.media.removeAll(postId);
  const keys = [
    mediaKeys.card(postId),
    ...media.flatMap((item) => [
      mediaKeys.upload(postId, item.id),
      mediaKeys.web(postId, item.id),
      mediaKeys.thumbnail(postId, item.id),
    ]),
  ];
  await Promise.all(keys.map((key) => deps.storage.delete(key)));
}
