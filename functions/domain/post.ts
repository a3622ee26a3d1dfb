import * as z from 'zod/mini';
import { requestLimits } from '../../lib/description/limits';

/** A post as the API shows it and the table stores it: the one definition of its shape. */
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
export const postStatuses = ['processing', 'ready', 'failed'] as const;
export type PostStatus = (typeof postStatuses)[number];

/** One follow-up job of a post: `pending` until its worker has finished it. */
export const followUpStates = ['pending', 'done', 'failed'] as const;
export type FollowUpState = (typeof followUpStates)[number];

export const isoDateTime = z.iso.datetime({ offset: true });

/** Why a post is `failed`: the follow-up given up on last, and the reason. */
export const postFailureSchema = z.object({
  follow_up: z.string(),
  reason: z.string(),
  at: isoDateTime,
});
export type PostFailure = Readonly<z.infer<typeof postFailureSchema>>;

export const postSchema = z.object({
  id: z.uuid(),
  author_id: z.string().check(z.minLength(1), z.maxLength(requestLimits.authorIdMaxChars)),
  content: z.string(),
  post_type: z.enum(postTypes),
  tags: z.array(z.string()),
  status: z.enum(postStatuses),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  /** Each follow-up job (analytics, notifications, ...) and how far it is. */
  jobs: z.optional(z.record(z.string(), z.enum(followUpStates))),
  /** Only on a `failed` post. */
  failure: z.optional(postFailureSchema),
});
export type Post = Readonly<z.infer<typeof postSchema>>;

/**
 * What a reader needs of a post: no follow-up progress, no failure reasons. A post's page and
 * a list page show this; only its author sees the rest (`/posts/{id}/processing`).
 */
const { id, author_id, content, post_type, tags, status, created_at, updated_at } =
  postSchema.shape;
export const publicPostSchema = z.object({
  id,
  author_id,
  content,
  post_type,
  tags,
  status,
  created_at,
  updated_at,
});
export type PublicPost = Readonly<z.infer<typeof publicPostSchema>>;

/** A public list page: its items are public posts, as the list index only holds those fields. */
export const postPageSchema = z.object({
  items: z.array(publicPostSchema),
  /** Opaque; absent on the last page. */
  next_cursor: z.optional(z.string()),
});
export type PostPage = Readonly<z.infer<typeof postPageSchema>>;
