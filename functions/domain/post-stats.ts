import * as z from 'zod/mini';
import { jobs } from '../../lib/description/limits';
import { RetryLater } from './job-errors';
import type { FollowUpLedger } from './follow-ups';
import type { PostJob } from './job';
import type { JobLedger } from './job-ledger';
import { postTypes, type Post, type PostType } from './post';
import { authorIdSchema, parse } from './post-input';

const count = z.number().check(z.int(), z.gte(0));

/** Counts of posts, in total and by type. */
export const countsSchema = z.object({
  posts: count,
  by_type: z.object(
    Object.fromEntries(postTypes.map((t) => [t, count])) as Record<PostType, typeof count>,
  ),
});
export type Counts = Readonly<z.infer<typeof countsSchema>>;

export const dailyCountsSchema = z.object({
  ...countsSchema.shape,
  /** UTC day, `YYYY-MM-DD`. */
  date: z.iso.date(),
});
export type DailyCounts = Readonly<z.infer<typeof dailyCountsSchema>>;

export interface StatsRange {
  /** One author's posts, or everyone's when absent. */
  readonly authorId?: string;
  /** Inclusive UTC days, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
}

/**
 * Post counters: per author and per post type, in total and per day. Each
 * counter is changed by atomic increments, each at most once per job id.
 */
export interface PostCounters {
  /** Adds the post to every counter it belongs to, once per job id however often called. */
  add(jobId: string, post: Post): Promise<void>;
  /** Takes a deleted post off its counters, once per change id however often called. */
  remove(changeId: string, post: Post): Promise<void>;
  /** Drops the job's (or change's) once-only marks from the counters, once it is recorded. */
  settle(jobId: string, post: Post): Promise<void>;
  read(range: StatsRange): Promise<{ totals: Counts; daily: DailyCounts[] }>;
}

/** The post's own record of being on the counters, written only while the post exists. */
export interface CountedMarks {
  /** Marks the post counted; false when it is gone (deleted). */
  markCounted(postId: string, at: Date): Promise<boolean>;
}

/** The once-only id of taking a deleted post off the counters (by its delete, or its job). */
export const uncountId = (postId: string) => `uncount:${postId}`;

export interface CountPostDeps {
  readonly counters: PostCounters;
  readonly marks: CountedMarks;
  readonly ledger: JobLedger;
  readonly followUps: FollowUpLedger;
  readonly leaseSeconds: number;
  readonly now?: () => Date;
}

/**
 * The analytics job: counts the post, then marks the job done on the post
 * (which becomes `ready` once all its jobs are). A redelivered message finds
 * the job finished and only repeats the idempotent tail.
 *
 * Counters stay equal to the posts that exist, with a delete at any moment
 * (no transactions: dynalite has none). The job adds the post, then marks it
 * counted on the post item, a write that needs the post to exist. The delete
 * removes the post item and reads that mark in the same step: marked, it takes
 * the post off the counters itself. Not marked because the post was gone, the
 * job takes off what it added. Both take it off under one once-only id
 * (`uncountId`), so a post is never taken off twice while that id is in flight.
 */
export async function countPost(deps: CountPostDeps, job: PostJob): Promise<'counted' | 'skipped'> {
  const now = deps.now ?? (() => new Date());
  const lease = await deps.ledger.begin(job.job_id, job.kind, deps.leaseSeconds, now());
  if (lease.state === 'busy') {
    throw new RetryLater('another run of this job is in progress', lease.retryInSeconds);
  }
  if (lease.state === 'acquired') {
    try {
      await deps.counters.add(job.job_id, job.post);
      if (!(await deps.marks.markCounted(job.post.id, now()))) {
        // Deleted before it was marked: its delete did not take it off, so this job does.
        await deps.counters.remove(uncountId(job.post.id), job.post);
        await deps.counters.settle(uncountId(job.post.id), job.post);
      }
      await deps.ledger.succeed(job.job_id, lease.token, now());
    } catch (error) {
      await deps.ledger.release(job.job_id, lease.token).catch(() => undefined);
      throw error;
    }
  }
  // Both idempotent: a run that died after succeeding leaves them to the next delivery.
  await deps.counters.settle(job.job_id, job.post);
  await deps.followUps.markDone(job.post.id, 'analytics', now());
  return lease.state === 'acquired' ? 'counted' : 'skipped';
}

const { stats: limits } = jobs;

export const statsQuerySchema = z.strictObject({
  author_id: z.optional(authorIdSchema),
  days: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(limits.maxDays)),
    limits.defaultDays,
  ),
});

export const statsSchema = z.object({
  author_id: z.nullable(z.string()),
  from: z.iso.date(),
  to: z.iso.date(),
  totals: countsSchema,
  /** One entry per day of the range, oldest first, zeros included. */
  daily: z.array(dailyCountsSchema),
});
export type Stats = Readonly<z.infer<typeof statsSchema>>;

/** `GET /stats?author_id=&days=`: totals since the first post, and the last `days` days. */
export async function getStats(
  counters: PostCounters,
  query: Readonly<Record<string, string | undefined>>,
  now: Date = new Date(),
): Promise<Stats> {
  const q = parse(statsQuerySchema, query, 'query');
  const to = dayOf(now);
  const from = dayOf(new Date(now.getTime() - (q.days - 1) * 86_400_000));
  const { totals, daily } = await counters.read({ authorId: q.author_id, from, to });
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const days: DailyCounts[] = [];
  for (let i = q.days - 1; i >= 0; i -= 1) {
    const date = dayOf(new Date(now.getTime() - i * 86_400_000));
    days.push(byDate.get(date) ?? { date, ...emptyCounts() });
  }
  return { author_id: q.author_id ?? null, from, to, totals, daily: days };
}

export function emptyCounts(): Counts {
  return {
    posts: 0,
    by_type: Object.fromEntries(postTypes.map((t) => [t, 0])) as Counts['by_type'],
  };
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(at: Date | string): string {
  return (typeof at === 'string' ? new Date(at) : at).toISOString().slice(0, 10);
}
