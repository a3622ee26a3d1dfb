import type { Caller } from './caller';
import { forbidden, notFound } from './errors';
import type { MediaState } from './media';
import type { MediaRepository } from './media-repository';
import type { FollowUpState, PostFailure, PostStatus } from './post';
import { parse, postIdSchema } from './post-input';

export interface PostProcessingDeps {
  /** One read of the post's partition: the post, its media and its share card. */
  readonly media: Pick<MediaRepository, 'forPost'>;
  readonly now?: () => Date;
}

/** One upload of the post and what the media worker decided about it. */
export interface UploadProgress {
  readonly id: string;
  readonly state: MediaState;
  readonly content_type: string;
  readonly size: number;
  readonly created_at: string;
  readonly updated_at: string;
  /** Why the upload was refused (rejected only). */
  readonly reason?: string;
}

/** How far the work on a post has come: for its author only. */
export interface PostProcessing {
  readonly post_id: string;
  readonly status: PostStatus;
  /** Each follow-up job of the post and its state. */
  readonly jobs: Readonly<Partial<Record<string, FollowUpState>>>;
  /** Only on a `failed` post: the follow-up given up on and why. */
  readonly failure?: PostFailure;
  readonly share_card: 'drawn' | 'not_yet';
  readonly uploads: readonly UploadProgress[];
}

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
