/** A post as the API shows it and the table stores it. */
export const postTypes = [
  'educational',
  'promotional',
  'personal',
  'news',
  'announcement',
] as const;
export type PostType = (typeof postTypes)[number];

/**
 * `processing` until the follow-up jobs are done; `failed` when one was given
 * up on (its content stays readable, `failure` names it; a redrive that
 * succeeds makes it `ready`).
 */
export type PostStatus = 'processing' | 'ready' | 'failed';

/** One follow-up job of a post: `pending` until its worker has finished it. */
export type FollowUpState = 'pending' | 'done' | 'failed';

/** Why a post is `failed`: the follow-up given up on last, and the reason. */
export interface PostFailure {
  readonly follow_up: string;
  readonly reason: string;
  readonly at: string;
}

export interface Post {
  readonly id: string;
  readonly author_id: string;
  readonly content: string;
  readonly post_type: PostType;
  readonly tags: readonly string[];
  readonly status: PostStatus;
  readonly created_at: string;
  readonly updated_at: string;
  /** Each follow-up job (analytics, notifications, ...) and how far it is. */
  readonly jobs?: Readonly<Partial<Record<string, FollowUpState>>>;
  /** Only on a `failed` post. */
  readonly failure?: PostFailure;
}

export interface PostPage {
  readonly items: readonly Post[];
  /** Opaque; absent on the last page. */
  readonly next_cursor?: string;
}
