import { createHash, randomUUID } from 'node:crypto';
import { requestLimits } from '../../lib/description/limits';
import type { Caller } from './caller';
import { DomainError, forbidden, invalid } from './errors';
import {
  completeFollowUps,
  initialFollowUps,
  type DispatchOutcome,
  type FollowUpDeps,
} from './follow-ups';
import type { Post } from './post';
import { newPostSchema, parse } from './post-input';
import type { PostRepository } from './post-repository';

export interface CreatePostDeps {
  readonly posts: PostRepository;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Where the post's follow-up jobs go once it is stored. */
  readonly followUps?: FollowUpDeps;
}

export interface CreatePostResult {
  readonly post: Post;
  readonly replayed: boolean;
  /** What putting the follow-up jobs on their queues came to (nothing to do on most replays). */
  readonly dispatch?: DispatchOutcome;
}

/**
 * Validates and stores a new post by the caller. With an Idempotency-Key, a
 * retry of the same request returns the first post; the key with another body
 * is refused. Keys belong to the caller: another user's key never collides.
 */
export async function createPost(
  deps: CreatePostDeps,
  caller: Caller,
  body: unknown,
  idempotencyKey?: string,
): Promise<CreatePostResult> {
  const parsed = parse(newPostSchema, body, 'post');
  if (parsed.author_id !== undefined && parsed.author_id !== caller.userId) {
    throw forbidden('A post can only be written as yourself: author_id is not your user id.');
  }
  // Named or not, the author is the caller: both forms are the same request.
  const input = { ...parsed, author_id: caller.userId };
  const now = (deps.now ?? (() => new Date()))();
  const at = now.toISOString();
  const post: Post = {
    id: (deps.newId ?? randomUUID)(),
    author_id: input.author_id,
    content: input.content,
    post_type: input.post_type,
    tags: input.tags ?? [],
    status: 'processing',
    created_at: at,
    updated_at: at,
    jobs: initialFollowUps(),
  };
  const claim =
    idempotencyKey === undefined
      ? undefined
      : {
          // Keys are the client's: scoped to the caller so two users cannot collide.
          key: `${caller.userId}/${checkKey(idempotencyKey)}`,
          fingerprint: fingerprint(input),
          expiresAt: new Date(now.getTime() + requestLimits.idempotencyTtlSeconds * 1000),
        };
  const outcome = await deps.posts.create(post, claim);
  if (outcome.kind === 'key_reused') {
    throw new DomainError(
      'key_reused',
      'This Idempotency-Key was already used with a different request body.',
    );
  }
  const replayed = outcome.kind === 'replayed';
  // Only after the post is stored: a job must never point at a post that is not there. If
  // sending fails, the post stays on the sweeper's list and the answer is still a 201.
  const dispatch = deps.followUps
    ? await completeFollowUps(deps.followUps, outcome.post, replayed)
    : undefined;
  return { post: outcome.post, replayed, dispatch };
}

function checkKey(key: string): string {
  if (
    key.length < 1 ||
    key.length > requestLimits.idempotencyKeyMaxChars ||
    !/^[\x21-\x7e]+$/.test(key)
  ) {
    throw invalid('The Idempotency-Key header is not valid.', [
      {
        field: 'Idempotency-Key',
        message: `1..${requestLimits.idempotencyKeyMaxChars} visible ASCII characters`,
      },
    ]);
  }
  return key;
}

/** Same input, same digest: keys sorted, so field order does not matter. */
function fingerprint(input: object): string {
  const canonical = JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  return createHash('sha256').update(canonical).digest('base64url');
}
