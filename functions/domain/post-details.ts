import { media as mediaLimits } from '../../lib/description/limits';
import type { Media, MediaState, Rendition } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';
import type { Post } from './post';
import type { CacheOutcome } from './post-cache';
import { readPost, type ReadPostDeps } from './read-post';

export interface PostDetailsDeps extends ReadPostDeps {
  readonly media: MediaRepository;
  readonly storage: ObjectStorage;
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
 * GET /posts/{id}: the post (cache-aside), then its media with their state and
 * its share card, always fresh from the table, with download URLs signed now:
 * a cached answer could hold expired URLs and a stale state.
 */
export async function getPostDetails(
  deps: PostDetailsDeps,
  id: unknown,
): Promise<{ post: PostDetails; cache: CacheOutcome }> {
  const { post, cache } = await readPost(deps, id);
  const now = (deps.now ?? (() => new Date()))();
  const ttl = mediaLimits.downloadUrlTtlSeconds;
  const expiresAt = new Date(now.getTime() + ttl * 1000).toISOString();
  const link = async (image: Pick<Rendition, 'key' | 'width' | 'height'>): Promise<ImageLink> => ({
    url: await deps.storage.presignDownload(image.key, ttl),
    width: image.width,
    height: image.height,
    expires_at: expiresAt,
  });
  const { media, shareCard } = await deps.media.forPost(post.id, now);
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
    post: {
      ...post,
      media: views,
      ...(shareCard ? { share_card: await link(shareCard) } : {}),
    },
    cache,
  };
}
