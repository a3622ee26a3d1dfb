import { JobsTable } from '../adapters/jobs-table';
import { runTextAnalysis } from '../domain/run-text-analysis';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  ledger: JobsTable.forFunction('textAnalysisWorker'),
  leaseSeconds: leaseSecondsOf('textAnalysis'),
};

export const handler = jobWorker('textAnalysis', async (job, { signal }) => {
  const outcome = await runTextAnalysis(withSignal(deps, signal), job);
  if (outcome === 'skipped') return { outcome: 'duplicate' };
  return outcome === 'failed'
    ? { outcome: 'failed', details: { job_id: job.job_id } }
    : { outcome: 'done', details: { characters: job.text.length } };
});
