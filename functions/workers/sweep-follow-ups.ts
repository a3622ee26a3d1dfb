import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { functions } from '../../lib/description';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { SqsJobQueue } from '../adapters/sqs-job-queue';
import { sweepFollowUps, type SweepOutcome } from '../domain/follow-ups';
import { jobMetric } from '../jobs/job-metrics';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';
import { lambdaPipeline } from '../pipeline/lambda-pipeline';
import { withSignal } from '../pipeline/with-signal';

const { metrics } = telemetry('sweepFollowUps');
const deps = {
  jobs: SqsJobQueue.forFunction('sweepFollowUps', (kind) =>
    jobMetric(metrics, MetricName.JobsEnqueued, kind),
  ),
  ledger: PostFollowUpsTable.forFunction('sweepFollowUps'),
};

/** On a schedule: posts whose follow-up jobs never reached a queue get them sent. */
export const handler = lambdaPipeline<ScheduledEvent, SweepOutcome>(
  'sweepFollowUps',
  async (_event, { context, signal, logger }) => {
    const margin = functions.sweepFollowUps.deadlineMarginMs;
    const outcome = await sweepFollowUps({
      ...withSignal(deps, signal),
      // Stop taking posts a margin before the deadline, so a run ends by itself and
      // reports; the next run picks up the rest. The deadline's abort is the backstop.
      stopBy: () => signal.aborted || context.getRemainingTimeInMillis() < 2 * margin,
    });
    metrics.addMetric(MetricName.FollowUpsSwept, MetricUnit.Count, outcome.sent);
    if (outcome.posts > 0) logger.info('swept posts with unsent follow-ups', { ...outcome });
    return outcome;
  },
  { kind: 'schedule' },
);
