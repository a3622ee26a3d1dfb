import * as z from 'zod/mini';
import { media as mediaLimits } from '../../lib/description/limits';
import { mediaStates, type Media, type Rendition } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import { isoDateTime, postSchema } from './post';
import type { CacheOutcome, PostCache } from './post-cache';
import { readPost, type ReadPostDeps } from './read-post';
import type { SingleFlight } from './single-flight';

export interface PostDetailsDeps {
  /** One read of the post's partition: the post, its media and its share card. */
  readonly media: Pick<MediaRepository, 'forPost'>;
  readonly storage: ObjectStorage;
  /** The whole view, download URLs included; absent when no cache is configured. */
  readonly cache?: PostCache<PostDetails>;
  /** Concurrent misses for one id share one read. */
  readonly reads: SingleFlight<PostDetails | undefined>;
  readonly onCacheError?: ReadPostDeps<PostDetails>['onCacheError'];
  readonly now?: () => Date;
}

/** A rendition as a client fetches it: a URL that stops working at `expires_at`. */
export const imageLinkSchema = z.object({
  url: z.string(),
  width: z.number().check(z.int()),
  height: z.number().check(z.int()),
  expires_at: isoDateTime,
});
export type ImageLink = Readonly<z.infer<typeof imageLinkSchema>>;

export const mediaViewSchema = z.object({
  id: z.uuid(),
  state: z.enum(mediaStates),
  content_type: z.string(),
  size: z.number().check(z.int()),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  /** Why it was rejected (rejected only). */
  reason: z.optional(z.string()),
  width: z.optional(z.number().check(z.int())),
  height: z.optional(z.number().check(z.int())),
  web: z.optional(imageLinkSchema),
  thumbnail: z.optional(imageLinkSchema),
});
export type MediaView = Readonly<z.infer<typeof mediaViewSchema>>;

export const postDetailsSchema = z.object({
  ...postSchema.shape,
  media: z.array(mediaViewSchema),
  /** Present once the image job has drawn it. */
  share_card: z.optional(imageLinkSchema),
});
export type PostDetails = Readonly<z.infer<typeof postDetailsSchema>>;

/**
 * GET /posts/{id}: the post with its media and share card, cache-aside as a
 * whole. A hit is one cache GET: no table read, no signing. A miss reads the
 * post's partition once (post, media, card) and signs the download URLs; the
 * view is cached when nothing in it can change without an invalidation:
 * `ready` (its jobs are done) and no media `pending` (the media worker that
 * decides one runs outside the cache's VPC). A new upload and a delete
 * invalidate it. Its URLs outlive it: they are signed for
 * `downloadUrlTtlSeconds` (an hour), the view is kept `postTtlSeconds` (5 min).
 */
export function getPostDetails(
  deps: PostDetailsDeps,
  id: unknown,
): Promise<{ post: PostDetails; cache: CacheOutcome }> {
  return readPost<PostDetails>(
    {
      posts: { get: (postId) => readDetails(deps, postId) },
      reads: deps.reads,
      ...(deps.cache ? { cache: deps.cache } : {}),
      ...(deps.onCacheError ? { onCacheError: deps.onCacheError } : {}),
      cacheable: (view) =>
        view.status === 'ready' && view.media.every((m) => m.state !== 'pending'),
    },
    id,
  );
}

async function readDetails(
  deps: PostDetailsDeps,
  postId: string,
): Promise<PostDetails | undefined> {
  const now = (deps.now ?? (() => new Date()))();
  const { post, media, shareCard } = await deps.media.forPost(postId, now);
  if (!post) return undefined;
  const ttl = mediaLimits.downloadUrlTtlSeconds;
  const expiresAt = new Date(now.getTime() + ttl * 1000).toISOString();
  const link = async (image: Pick<Rendition, 'key' | 'width' | 'height'>): Promise<ImageLink> => ({
    url: await deps.storage.presignDownload(image.key, ttl),
    width: image.width,
    height: image.height,
    expires_at: expiresAt,
  });
  const views = await Promise.all(
    media.map(async (m: Media): Promise<MediaView> => ({
      id: m.id,
      state: m.state,
      content_type: m.content_type,
      size: m.size,
      created_at: m.created_at,
      updated_at: m.updated_at,
      ...(m.reason !== undefined ? { reason: m.reason } : {}),
      ...(m.state === 'ready' && m.web && m.thumbnail
        ? {
            width: m.width,
            height: m.height,
            web: await link(m.web),
            thumbnail: await link(m.thumbnail),
          }
        : {}),
    })),
  );
  return {
    ...post,
    media: views,
    ...(shareCard ? { share_card: await link(shareCard) } : {}),
  };
}
