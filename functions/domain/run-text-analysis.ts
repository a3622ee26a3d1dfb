import type { TextAnalysisJob } from './job';
import { RetryLater } from './job-errors';
import type { JobLedger } from './job-ledger';
import { analyzeText, type TextAnalysis } from './text-analysis';

export interface RunDeps {
  readonly ledger: JobLedger;
  /** How long one run may hold the job: the worker's timeout and a margin. */
  readonly leaseSeconds: number;
  readonly now?: () => Date;
  /** The analysis itself (wink-nlp's, by default); a test gives one that throws. */
  readonly analyze?: (text: string) => TextAnalysis;
}

/**
 * The worker's use-case: analyse once per job id. A redelivered message
 * finds the job finished and does nothing; a duplicate still running is
 * retried later. An analysis that throws is a failed job, not a retry (the
 * same text would fail the same way); a storage error is retried.
 */
export async function runTextAnalysis(
  deps: RunDeps,
  job: TextAnalysisJob,
): Promise<'succeeded' | 'failed' | 'skipped'> {
  const now = deps.now ?? (() => new Date());
  const lease = await deps.ledger.begin(job.job_id, 'textAnalysis', deps.leaseSeconds, now());
  if (lease.state === 'finished') return 'skipped';
  if (lease.state === 'busy') {
    throw new RetryLater('another run of this job is in progress', lease.retryInSeconds);
  }
  try {
    let result;
    try {
      result = (deps.analyze ?? analyzeText)(job.text);
    } catch (error) {
      await deps.ledger.fail(
        job.job_id,
        lease.token,
        now(),
        `analysis failed: ${messageOf(error)}`,
      );
      return 'failed';
    }
    await deps.ledger.succeed(job.job_id, lease.token, now(), result);
    return 'succeeded';
  } catch (error) {
    await deps.ledger.release(job.job_id, lease.token).catch(() => undefined);
    throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
