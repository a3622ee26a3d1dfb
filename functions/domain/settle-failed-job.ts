import type { FollowUpLedger } from './follow-ups';
import type { PostJob, TextAnalysisJob } from './job';
import type { JobLedger } from './job-ledger';

export interface SettleFailedDeps {
  readonly ledger: Pick<JobLedger, 'abandon'>;
  readonly followUps: Pick<FollowUpLedger, 'markFailed'>;
  readonly now?: () => Date;
}

/**
 * A job given up on (a permanent failure, or its last delivery before the
 * DLQ) ends where its caller reads it: a text-analysis job `failed` with the
 * reason, a post's follow-up `failed` and the post `failed` naming it. Both
 * stay resumable: a redrive that then succeeds finishes them as usual.
 */
export async function settleFailedJob(
  deps: SettleFailedDeps,
  job: PostJob | TextAnalysisJob,
  reason: string,
): Promise<void> {
  const at = (deps.now ?? (() => new Date()))();
  if (job.kind === 'textAnalysis') {
    await deps.ledger.abandon(job.job_id, at, reason);
    return;
  }
  await deps.followUps.markFailed(job.post.id, job.kind, reason, at);
}
