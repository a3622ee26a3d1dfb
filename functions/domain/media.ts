import { media } from '../../lib/description/limits';

/** An image attached to a post, as the table stores it. */
export type MediaContentType = (typeof media.contentTypes)[number];

/** `pending` until the worker has looked at the uploaded bytes. */
export const mediaStates = ['pending', 'ready', 'rejected'] as const;
export type MediaState = (typeof mediaStates)[number];

/** A derived image the worker wrote (always WebP, metadata stripped). */
export interface Rendition {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly content_type: 'image/webp';
}

export interface Media {
  readonly id: string;
  readonly post_id: string;
  readonly state: MediaState;
  /** What the client declared, and the presigned POST enforced. */
  readonly content_type: MediaContentType;
  readonly size: number;
  readonly upload_key: string;
  readonly created_at: string;
  readonly updated_at: string;
  /** Why the upload was refused (rejected only). */
  readonly reason?: string;
  /** The original's dimensions (ready only). */
  readonly width?: number;
  readonly height?: number;
  readonly web?: Rendition;
  readonly thumbnail?: Rendition;
}

/** How the worker ends a pending media. */
export type MediaOutcome =
  | {
      readonly state: 'ready';
      readonly width: number;
      readonly height: number;
      readonly web: Rendition;
      readonly thumbnail: Rendition;
    }
  | { readonly state: 'rejected'; readonly reason: string };

/** Key layout in the media bucket. */
export const mediaKeys = {
  upload: (postId: string, mediaId: string) => `${media.prefixes.uploads}${postId}/${mediaId}`,
  web: (postId: string, mediaId: string) =>
    `${media.prefixes.renditions}${postId}/${mediaId}/web.webp`,
  thumbnail: (postId: string, mediaId: string) =>
    `${media.prefixes.renditions}${postId}/${mediaId}/thumb.webp`,
  card: (postId: string) => `${media.prefixes.cards}${postId}.png`,
};

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const uploadKey = new RegExp(`^${media.prefixes.uploads}(${uuid})/(${uuid})$`);

/** The post and media an upload key stands for, or undefined for a key this service did not hand out. */
export function parseUploadKey(key: string): { postId: string; mediaId: string } | undefined {
  const match = uploadKey.exec(key);
  return match?.[1] && match[2] ? { postId: match[1], mediaId: match[2] } : undefined;
}
