import { jobs } from '../../lib/description/limits';
import { postJobId, type PostJob } from './job';
import type { JobQueue } from './job-queue';
import type { Post } from './post';

export type FollowUpKind = PostJob['kind'];

/** Where a post's follow-up jobs are tracked: which are on a queue, which are done. */
export interface FollowUpLedger {
  /** False once the post is deleted. */
  exists(postId: string): Promise<boolean>;
  /** True while some follow-up of the post may not be on its queue. */
  isUnsent(postId: string): Promise<boolean>;
  /** Every follow-up of the post is on its queue; nothing when the post is gone. */
  markSent(postId: string): Promise<void>;
  /** Posts with follow-ups not all on a queue, created before `before`, oldest first. */
  listUnsent(before: Date, limit: number): Promise<Post[]>;
  /**
   * One job of the post was given up on: it reads `failed`, and so does the
   * post, naming it and the reason. Nothing when the post is gone or the job done.
   */
  markFailed(postId: string, kind: FollowUpKind, reason: string, at: Date): Promise<void>;
  /** One job of the post is done; says whether the post is now ready, or gone. */
  markDone(postId: string, kind: FollowUpKind, at: Date): Promise<'ready' | 'processing' | 'gone'>;
}

export interface FollowUpDeps {
  readonly jobs: JobQueue;
  readonly ledger: FollowUpLedger;
  readonly now?: () => Date;
}

export interface DispatchOutcome {
  readonly sent: readonly FollowUpKind[];
  readonly failed: readonly { readonly kind: FollowUpKind; readonly error: unknown }[];
  /** The ledger could not be read or updated: the sweeper will send (again). */
  readonly ledgerError?: unknown;
}

/** The jobs a new post starts, all `pending`. */
export function initialFollowUps(): Record<FollowUpKind, 'pending'> {
  return Object.fromEntries(jobs.postFollowUps.map((kind) => [kind, 'pending'])) as Record<
    FollowUpKind,
    'pending'
  >;
}

/**
 * Puts every pending follow-up of a post on its queue. Only when all went out
 * is the post marked sent; otherwise it stays on the sweeper's list, and
 * sending again is harmless (job ids derive from the post, workers are
 * idempotent on them).
 */
export async function dispatchFollowUps(deps: FollowUpDeps, post: Post): Promise<DispatchOutcome> {
  const at = (deps.now ?? (() => new Date()))().toISOString();
  const kinds = jobs.postFollowUps.filter((kind) => post.jobs?.[kind] !== 'done');
  const results = await Promise.allSettled(
    kinds.map((kind) =>
      deps.jobs.send({ kind, job_id: postJobId(kind, post.id), enqueued_at: at, post }),
    ),
  );
  const sent: FollowUpKind[] = [];
  const failed: { kind: FollowUpKind; error: unknown }[] = [];
  results.forEach((result, i) => {
    const kind = kinds[i] as FollowUpKind;
    if (result.status === 'fulfilled') sent.push(kind);
    else failed.push({ kind, error: result.reason });
  });
  if (failed.length > 0) return { sent, failed };
  try {
    await deps.ledger.markSent(post.id);
  } catch (ledgerError) {
    // Harmless: the post stays on the sweeper's list and its jobs are sent again, deduplicated.
    return { sent, failed, ledgerError };
  }
  return { sent, failed };
}

/**
 * After a create (`replayed` false) or a replay of it: sends what is still
 * unsent. Never rejects, since the post is stored and the request must answer so.
 */
export async function completeFollowUps(
  deps: FollowUpDeps,
  post: Post,
  replayed: boolean,
): Promise<DispatchOutcome | undefined> {
  try {
    // A replay only resumes what its first request may not have finished.
    if (replayed && !(await deps.ledger.isUnsent(post.id))) return undefined;
  } catch (ledgerError) {
    return { sent: [], failed: [], ledgerError };
  }
  return dispatchFollowUps(deps, post);
}

export interface SweepOutcome {
  readonly posts: number;
  readonly sent: number;
  readonly failed: number;
}

/**
 * The sweeper: every post left with unsent follow-ups (its request failed to
 * enqueue, or died before) gets them sent. Posts younger than the grace
 * period are skipped: their own request may still be at it.
 */
export async function sweepFollowUps(
  deps: FollowUpDeps & { readonly stopBy?: () => boolean },
): Promise<SweepOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const before = new Date(now.getTime() - jobs.sweepGraceSeconds * 1000);
  const posts = await deps.ledger.listUnsent(before, jobs.sweepPageSize);
  let sent = 0;
  let failed = 0;
  for (const post of posts) {
    if (deps.stopBy?.()) break;
    const outcome = await dispatchFollowUps(deps, post);
    sent += outcome.sent.length;
    failed += outcome.failed.length;
  }
  return { posts: posts.length, sent, failed };
}
