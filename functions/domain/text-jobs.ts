import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Caller } from './caller';
import { jobs } from '../../lib/description/limits';
import { DomainError, forbidden, notFound } from './errors';
import type { TextAnalysisJob } from './job';
import { jobStatuses, type JobLedger, type JobRecord } from './job-ledger';
import { isoDateTime } from './post';
import type { JobQueue } from './job-queue';
import { parse } from './post-input';

const { text: limits } = jobs;

export const analyzeRequestSchema = z.strictObject({
  // Characters, not UTF-16 units: an emoji is one.
  text: z.string().check(
    z.refine((text) => [...text].length >= limits.minChars, {
      message: `at least ${limits.minChars} character`,
    }),
    z.refine((text) => [...text].length <= limits.maxChars, {
      message: `at most ${limits.maxChars} characters`,
    }),
  ),
});

export interface TextJobDeps {
  readonly ledger: JobLedger;
  readonly jobs: JobQueue;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export const queuedJobSchema = z.object({ job_id: z.uuid(), status: z.literal('queued') });
export type QueuedJob = Readonly<z.infer<typeof queuedJobSchema>>;

/**
 * `POST /analyze`: records the job as queued, then puts it on the queue. The
 * text travels in the message (up to 400 KB as UTF-8, within SQS's 1 MiB),
 * never in the table (400 KB items).
 */
export async function requestTextAnalysis(
  deps: TextJobDeps,
  caller: Caller,
  body: unknown,
): Promise<QueuedJob> {
  const { text } = parse(analyzeRequestSchema, body, 'request');
  const now = (deps.now ?? (() => new Date()))();
  const jobId = (deps.newId ?? randomUUID)();
  // The job is the caller's: only they may read it back.
  if (!(await deps.ledger.create(jobId, 'textAnalysis', now, caller.userId))) {
    throw new Error(`Job id ${jobId} is taken`);
  }
  const job: TextAnalysisJob = {
    kind: 'textAnalysis',
    job_id: jobId,
    enqueued_at: now.toISOString(),
    text,
  };
  try {
    await deps.jobs.send(job);
  } catch (error) {
    // Nobody will ever see this id: remove it rather than leave a job queued forever.
    await deps.ledger.discard(jobId).catch(() => undefined);
    throw Object.assign(
      new DomainError('unavailable', 'The job could not be queued; retry shortly.'),
      { cause: error },
    );
  }
  return { job_id: jobId, status: 'queued' };
}

export const jobViewSchema = z.object({
  job_id: z.uuid(),
  kind: z.string(),
  status: z.enum(jobStatuses),
  created_at: isoDateTime,
  started_at: z.optional(isoDateTime),
  finished_at: z.optional(isoDateTime),
  /** The worker's answer (succeeded only): for text analysis, the text's measures. */
  result: z.optional(z.unknown()),
  /** Why it failed (failed only). */
  error: z.optional(z.string()),
});
export type JobView = Readonly<z.infer<typeof jobViewSchema>>;

/** `GET /jobs/{id}`: the job as its owner sees it. */
export async function getJob(ledger: JobLedger, caller: Caller, id: unknown): Promise<JobView> {
  const jobId = parse(z.uuid(), id, 'job id', 'id');
  const record = await ledger.get(jobId);
  if (!record) throw notFound(`No job has the id ${jobId}.`);
  // Deny by default: a job without an owner (none should exist) is nobody's to read.
  if (record.owner_id === undefined || record.owner_id !== caller.userId) {
    throw forbidden('Only the user who asked for a job may read it.');
  }
  return view(record);
}

function view(record: JobRecord): JobView {
  return {
    job_id: record.job_id,
    kind: record.kind,
    status: record.status,
    created_at: record.created_at,
    ...(record.started_at ? { started_at: record.started_at } : {}),
    ...(record.finished_at ? { finished_at: record.finished_at } : {}),
    ...(record.status === 'succeeded' ? { result: record.result } : {}),
    ...(record.status === 'failed' ? { error: record.error } : {}),
  };
}
