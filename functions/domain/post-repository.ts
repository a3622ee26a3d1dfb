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
  /** False when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}
