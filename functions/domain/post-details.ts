import * as z from 'zod/mini';
import { media as mediaLimits } from '../../lib/description/limits';
import type { Media, Rendition } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import { isoDateTime, publicPostSchema, type Post, type PublicPost } from './post';
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

/**
 * An image of the post as any reader sees it: only one that is ready to show.
 * Whether an upload is still pending or why it was refused is its owner's
 * business (GET /posts/{id}/processing).
 */
export const mediaViewSchema = z.object({
  id: z.uuid(),
  content_type: z.string(),
  created_at: isoDateTime,
  width: z.number().check(z.int()),
  height: z.number().check(z.int()),
  web: imageLinkSchema,
  thumbnail: imageLinkSchema,
});
export type MediaView = Readonly<z.infer<typeof mediaViewSchema>>;

export const postDetailsSchema = z.object({
  ...publicPostSchema.shape,
  media: z.array(mediaViewSchema),
  /** Present once the image job has drawn it. */
  share_card: z.optional(imageLinkSchema),
});
export type PostDetails = Readonly<z.infer<typeof postDetailsSchema>>;

/** What one read of the post's partition found, before it is shown to anyone. */
interface PostRead {
  readonly post: Post;
  readonly media: readonly Media[];
  readonly view: PostDetails;
}

/**
 * GET /posts/{id}: the post with its ready images and share card, as any
 * reader sees it (`PostDetails`), cache-aside as a whole: the cache only
 * ever holds the public view. A hit is one cache GET: no table read, no signing. A miss reads the
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
  return readPost<Post & PostRead, PostDetails>(
    {
      posts: {
        get: async (postId) => {
          const read = await readDetails(deps, postId);
          return read && { ...read.post, ...read };
        },
      },
      reads: deps.reads,
      ...(deps.cache ? { cache: deps.cache } : {}),
      ...(deps.onCacheError ? { onCacheError: deps.onCacheError } : {}),
      cacheable: (read) =>
        read.post.status === 'ready' && read.media.every((m) => m.state !== 'pending'),
      show: (read) => read.view,
    },
    id,
  );
}

async function readDetails(deps: PostDetailsDeps, postId: string): Promise<PostRead | undefined> {
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
  const ready = media.filter(
    (m): m is Media & { web: Rendition; thumbnail: Rendition; width: number; height: number } =>
      m.state === 'ready' &&
      !!m.web &&
      !!m.thumbnail &&
      m.width !== undefined &&
      m.height !== undefined,
  );
  const views = await Promise.all(
    ready.map(async (m): Promise<MediaView> => ({
      id: m.id,
      content_type: m.content_type,
      created_at: m.created_at,
      width: m.width,
      height: m.height,
      web: await link(m.web),
      thumbnail: await link(m.thumbnail),
    })),
  );
  return {
    post,
    media,
    view: {
      ...publicPost(post),
      media: views,
      ...(shareCard ? { share_card: await link(shareCard) } : {}),
    },
  };
}

/** The fields of a post any reader sees (a list page shows the same). */
export function publicPost(post: Post): PublicPost {
  return {
    id: post.id,
    author_id: post.author_id,
    content: post.content,
    post_type: post.post_type,
    tags: post.tags,
    status: post.status,
    created_at: post.created_at,
    updated_at: post.updated_at,
  };
}
