import { media as mediaLimits } from '../../lib/description/limits';
import type { Media, MediaState, Rendition } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import type { Post } from './post';
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
export interface ImageLink {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly expires_at: string;
}

export interface MediaView {
  readonly id: string;
  readonly state: MediaState;
  readonly content_type: string;
  readonly size: number;
  readonly created_at: string;
  readonly updated_at: string;
  readonly reason?: string;
  readonly width?: number;
  readonly height?: number;
  readonly web?: ImageLink;
  readonly thumbnail?: ImageLink;
}

export type PostDetails = Post & {
  readonly media: readonly MediaView[];
  /** Present once the image job has drawn it. */
  readonly share_card?: ImageLink;
};

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
