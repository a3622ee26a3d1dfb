import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { PostsTable } from '../adapters/posts-table';
import { SqsJobQueue } from '../adapters/sqs-job-queue';
import { createPost } from '../domain/create-post';
import { callerOf } from '../http/authorized-caller';
import { header, json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { jsonBody } from '../http/json-body';
import { jobMetric } from '../jobs/job-metrics';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';
import { bindSignal, withSignal } from '../pipeline/with-signal';

const posts = PostsTable.forFunction('createPost');
const { metrics: jobMetrics } = telemetry('createPost');
const followUps = {
  jobs: SqsJobQueue.forFunction('createPost', (kind) =>
    jobMetric(jobMetrics, MetricName.JobsEnqueued, kind),
  ),
  ledger: PostFollowUpsTable.forFunction('createPost'),
};

export const handler = httpHandler('createPost', async (event, { metrics, logger, signal }) => {
  const { post, replayed, dispatch } = await createPost(
    { posts: bindSignal(posts, signal), followUps: withSignal(followUps, signal) },
    callerOf(event),
    jsonBody(event),
    header(event, 'idempotency-key'),
  );
  for (const { kind, error } of dispatch?.failed ?? []) {
    jobMetric(metrics, MetricName.JobsEnqueueFailed, kind);
    logger.error('follow-up job not enqueued: the post waits for the sweeper', {
      post_id: post.id,
      kind,
      error: error as Error,
    });
  }
  if (dispatch?.ledgerError) {
    logger.warn('follow-ups sent but not marked: the sweeper will send them again', {
      post_id: post.id,
      error: dispatch.ledgerError as Error,
    });
  }
  metrics.addMetric(
    replayed ? MetricName.IdempotentReplay : MetricName.PostCreated,
    MetricUnit.Count,
    1,
  );
  return json(201, post, {
    location: `/posts/${post.id}`,
    ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
  });
});
