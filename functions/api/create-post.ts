import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { PostsTable } from '../adapters/posts-table';
import { createPost } from '../domain/create-post';
import { callerOf } from '../http/authorized-caller';
import { header, json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { jsonBody } from '../http/json-body';
import { MetricName } from '../observability/metric-names';

const posts = PostsTable.forFunction('createPost');

export const handler = httpHandler('createPost', async (event, { metrics }) => {
  const { post, replayed } = await createPost(
    { posts },
    callerOf(event),
    jsonBody(event),
    header(event, 'idempotency-key'),
  );
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
