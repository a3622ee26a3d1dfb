import * as z from 'zod/mini';
import type { Caller } from './caller';
import { forbidden, notFound } from './errors';
import { mediaStates } from './media';
import type { MediaRepository } from './media-repository';
import { followUpStates, isoDateTime, postFailureSchema, postStatuses } from './post';
import { parse, postIdSchema } from './post-input';

export interface PostProcessingDeps {
  /** One read of the post's partition: the post, its media and its share card. */
  readonly media: Pick<MediaRepository, 'forPost'>;
  readonly now?: () => Date;
}

/** One upload of the post and what the media worker decided about it. */
export const uploadProgressSchema = z.object({
  id: z.uuid(),
  state: z.enum(mediaStates),
  content_type: z.string(),
  size: z.int(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  /** Why the upload was refused (rejected only). */
  reason: z.optional(z.string()),
});
export type UploadProgress = Readonly<z.infer<typeof uploadProgressSchema>>;

/** How far the work on a post has come: for its author only. */
export const postProcessingSchema = z.object({
  post_id: z.uuid(),
  status: z.enum(postStatuses),
  /** Each follow-up job of the post and its state. */
  jobs: z.record(z.string(), z.enum(followUpStates)),
  /** Only on a `failed` post: the follow-up given up on and why. */
  failure: z.optional(postFailureSchema),
  share_card: z.enum(['drawn', 'not_yet']),
  uploads: z.array(uploadProgressSchema),
});
export type PostProcessing = Readonly<z.infer<typeof postProcessingSchema>>;

/**
 * `GET /posts/{id}/processing`: the post's follow-up jobs, why one failed, and
 * every upload with its state and the reason it was refused. The public
 * `GET /posts/{id}` shows none of this; only the author may read it (403 for
 * anyone else, 404 when there is no such post). Never cached: it is read while
 * it changes.
 */
export async function getPostProcessing(
  deps: PostProcessingDeps,
  caller: Caller,
  id: unknown,
): Promise<PostProcessing> {
  const postId = parse(postIdSchema, id, 'post id');
  const now = (deps.now ?? (() => new Date()))();
  const { post, media, shareCard } = await deps.media.forPost(postId, now);
  if (!post) throw notFound(`No post has the id ${postId}.`);
  if (post.author_id !== caller.userId) {
    throw forbidden('Only the author of a post may read how its processing went.');
  }
  return {
    post_id: post.id,
    status: post.status,
    jobs: post.jobs ?? {},
    ...(post.failure ? { failure: post.failure } : {}),
    share_card: shareCard ? 'drawn' : 'not_yet',
    uploads: media.map((m) => ({
      id: m.id,
      state: m.state,
      content_type: m.content_type,
      size: m.size,
      created_at: m.created_at,
      updated_at: m.updated_at,
      ...(m.reason !== undefined ? { reason: m.reason } : {}),
    })),
  };
}
