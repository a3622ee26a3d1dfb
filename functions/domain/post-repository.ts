import type { Post, PostPage } from './post';

/** Ties a create to a client's Idempotency-Key; same key + same fingerprint = same request. */
export interface IdempotencyClaim {
  readonly key: string;
  /** Digest of everything that makes the request what it is. */
  readonly fingerprint: string;
  readonly expiresAt: Date;
}

export type CreateOutcome =
  | { readonly kind: 'created'; readonly post: Post }
  /** The key was seen with this very request: the first answer, again. */
  | { readonly kind: 'replayed'; readonly post: Post }
  /** The key was seen with another request. */
  | { readonly kind: 'key_reused' };

/**
 * What a delete by a would-be owner found. `counted`: the post as it was, when the
 * analytics job had counted it (the delete must take it off the counters again).
 */
export type DeleteOutcome =
  | { readonly kind: 'deleted'; readonly counted?: Post }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'not_owner' };

export interface ListQuery {
  readonly authorId?: string;
  readonly limit: number;
  /** Opaque, from a previous page; the store rejects one it did not write. */
  readonly cursor?: string;
}

/** Where posts live. Writes are all-or-nothing: no partial post, no orphan key. */
export interface PostRepository {
  create(post: Post, idempotency?: IdempotencyClaim): Promise<CreateOutcome>;
  get(id: string): Promise<Post | undefined>;
  listNewest(query: ListQuery): Promise<PostPage>;
  /** Deletes the post only if `ownerId` wrote it, in one conditional step (no check-then-act race). */
  delete(id: string, ownerId: string): Promise<DeleteOutcome>;
}
