import { JobsTable } from '../adapters/jobs-table';
import { runTextAnalysis } from '../domain/run-text-analysis';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { withSignal } from '../pipeline/with-signal';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { settleFailedJob } from '../domain/settle-failed-job';

const deps = {
  ledger: JobsTable.forFunction('textAnalysisWorker'),
  leaseSeconds: leaseSecondsOf('textAnalysis'),
};

// A job given up on reads `failed`: the text-analysis job, or the post naming its follow-up.
const settle = {
  ledger: JobsTable.forFunction('textAnalysisWorker'),
  followUps: PostFollowUpsTable.forFunction('textAnalysisWorker'),
};

export const handler = jobWorker(
  'textAnalysis',
  async (job, { signal }) => {
    const outcome = await runTextAnalysis(withSignal(deps, signal), job);
    if (outcome === 'skipped') return { outcome: 'duplicate' };
    return outcome === 'failed'
      ? { outcome: 'failed', details: { job_id: job.job_id } }
      : { outcome: 'done', details: { characters: job.text.length } };
  },
  (job, reason, { signal }) => settleFailedJob(withSignal(settle, signal), job, reason),
);
