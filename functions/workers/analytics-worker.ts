import { JobsTable } from '../adapters/jobs-table';
import { PostCountersTable } from '../adapters/post-counters-table';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { countPost } from '../domain/post-stats';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { withSignal } from '../pipeline/with-signal';
import { settleFailedJob } from '../domain/settle-failed-job';

const deps = {
  counters: PostCountersTable.forFunction('analyticsWorker'),
  ledger: JobsTable.forFunction('analyticsWorker'),
  followUps: PostFollowUpsTable.forFunction('analyticsWorker'),
  marks: PostFollowUpsTable.forFunction('analyticsWorker'),
  leaseSeconds: leaseSecondsOf('analytics'),
};

// A job given up on reads `failed`: the text-analysis job, or the post naming its follow-up.
const settle = {
  ledger: JobsTable.forFunction('analyticsWorker'),
  followUps: PostFollowUpsTable.forFunction('analyticsWorker'),
};

export const handler = jobWorker(
  'analytics',
  async (job, { signal }) => {
    const outcome = await countPost(withSignal(deps, signal), job);
    return outcome === 'skipped' ? { outcome: 'duplicate' } : { outcome: 'done' };
  },
  (job, reason, { signal }) => settleFailedJob(withSignal(settle, signal), job, reason),
);
