import type { JobKind } from './job';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** A job as the ledger keeps it: its status, and its result or error once it is over. */
export interface JobRecord {
  readonly job_id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly created_at: string;
  /** The user who asked for it (text analysis); absent for a post's follow-ups. */
  readonly owner_id?: string;
  readonly started_at?: string;
  readonly finished_at?: string;
  /** Runs started (a retry after a failure or a crash is another). */
  readonly attempts?: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** The outcome of trying to start a job. */
export type Lease =
  /** This run owns the job until the lease ends; `token` proves it to the ledger. */
  | { readonly state: 'acquired'; readonly token: string; readonly record: JobRecord }
  /** Finished before (succeeded or failed): a redelivery, nothing to do. */
  | { readonly state: 'finished'; readonly record: JobRecord }
  /** Another run holds the job (a duplicate delivery still running). */
  | { readonly state: 'busy'; readonly retryInSeconds: number };

/**
 * One record per job id: the idempotency of every worker. A run starts by
 * leasing the job (a conditional write: one run at a time, none once it is
 * finished) and ends by finishing or releasing it with its token.
 */
export interface JobLedger {
  /** A new job, `queued`; false when the id is taken. */
  create(jobId: string, kind: JobKind, at: Date, ownerId?: string): Promise<boolean>;
  /** Removes a job that never made it to a queue. */
  discard(jobId: string): Promise<void>;
  begin(jobId: string, kind: JobKind, leaseSeconds: number, at: Date): Promise<Lease>;
  succeed(jobId: string, token: string, at: Date, result?: unknown): Promise<void>;
  fail(jobId: string, token: string, at: Date, error: string): Promise<void>;
  /**
   * Given up on without a lease (a permanent failure, or the last delivery
   * before the DLQ): `failed` with the reason, unless it succeeded. It stays
   * resumable: a redriven message may lease it again and still succeed.
   */
  abandon(jobId: string, at: Date, error: string): Promise<void>;
  /** Back to `queued` for a later run (the work failed in a way worth retrying). */
  release(jobId: string, token: string): Promise<void>;
  get(jobId: string): Promise<JobRecord | undefined>;
}
