import type { Post } from './post';
import type { Media, MediaOutcome } from './media';

/** A post's share card, once rendered. */
export interface ShareCardRef {
  readonly key: string;
  readonly width: number;
  readonly height: number;
  readonly rendered_at: string;
}

export type ReserveOutcome = 'created' | 'no_post' | 'not_owner' | 'full';

/** Where media records live, beside their post. */
export interface MediaRepository {
  /**
   * Takes one of the post's media slots (at most `maxPerPost` ever), if the
   * post is `ownerId`'s, and records the pending media, which expires at
   * `expiresAt` unless finished.
   */
  reserve(
    media: Media,
    ownerId: string,
    maxPerPost: number,
    expiresAt: Date,
  ): Promise<ReserveOutcome>;
  get(postId: string, mediaId: string): Promise<Media | undefined>;
  /** In one read: the post (absent when there is none), its media (oldest first), its card. */
  forPost(
    postId: string,
    now: Date,
  ): Promise<{ post?: Post; media: Media[]; shareCard?: ShareCardRef }>;
  /** pending -> ready or rejected; false when it was no longer pending (or is gone). */
  finish(postId: string, mediaId: string, outcome: MediaOutcome, at: Date): Promise<boolean>;
  /** Links a rendered card to its post; false when the post is gone. */
  linkShareCard(postId: string, card: ShareCardRef): Promise<boolean>;
  /** Removes every media record of a deleted post; says which there were. */
  removeAll(postId: string): Promise<Media[]>;
}
