import { JobsTable } from '../adapters/jobs-table';
import { SqsJobQueue } from '../adapters/sqs-job-queue';
import { requestTextAnalysis } from '../domain/text-jobs';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { jsonBody } from '../http/json-body';
import { jobMetric } from '../jobs/job-metrics';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';
import { service } from '../../lib/description';
import { withSignal } from '../pipeline/with-signal';

const { metrics } = telemetry('analyzeText');
const deps = {
  ledger: JobsTable.forFunction('analyzeText'),
  jobs: SqsJobQueue.forFunction('analyzeText', (kind) =>
    jobMetric(metrics, MetricName.JobsEnqueued, kind),
  ),
};

export const handler = httpHandler('analyzeText', async (event, { signal }) => {
  const queued = await requestTextAnalysis(
    withSignal(deps, signal),
    callerOf(event),
    jsonBody(event, service.jobs.text.maxBodyBytes),
  );
  return json(202, queued, { location: `/jobs/${queued.job_id}` });
});
