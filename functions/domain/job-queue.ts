import type { JobMessage } from './job';

/** Where jobs are put for workers to pick up (SQS in the cloud, the local queue service here). */
export interface JobQueue {
  /** Puts one job on its kind's queue; rejects when it could not. */
  send(job: JobMessage): Promise<void>;
}
