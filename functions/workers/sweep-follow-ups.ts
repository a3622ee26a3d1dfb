import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { functions } from '../../lib/description';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { SqsJobQueue } from '../adapters/sqs-job-queue';
import { sweepFollowUps, type SweepOutcome } from '../domain/follow-ups';
import { jobMetric } from '../jobs/job-metrics';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';

const { logger, metrics } = telemetry('sweepFollowUps');
const deps = {
  jobs: SqsJobQueue.forFunction('sweepFollowUps', (kind) =>
    jobMetric(metrics, MetricName.JobsEnqueued, kind),
  ),
  ledger: PostFollowUpsTable.forFunction('sweepFollowUps'),
};

/** On a schedule: posts whose follow-up jobs never reached a queue get them sent. */
export const handler = middy<ScheduledEvent, SweepOutcome, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics, { captureColdStartMetric: true }))
  .handler(async (_event, context) => {
    const margin = functions.sweepFollowUps.deadlineMarginMs;
    const outcome = await sweepFollowUps({
      ...deps,
      // Stop taking posts near the deadline; the next run picks up the rest.
      stopBy: () => context.getRemainingTimeInMillis() < margin,
    });
    metrics.addMetric(MetricName.FollowUpsSwept, MetricUnit.Count, outcome.sent);
    if (outcome.posts > 0) logger.info('swept posts with unsent follow-ups', { ...outcome });
    return outcome;
  });
