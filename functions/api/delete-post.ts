import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { postInvalidator } from '../adapters/cache/invalidate-post';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { PostCountersTable } from '../adapters/post-counters-table';
import { PostsTable } from '../adapters/posts-table';
import { deletePost } from '../domain/delete-post';
import { callerOf } from '../http/authorized-caller';
import { noContent } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  posts: PostsTable.forFunction('deletePost'),
  media: MediaTable.forFunction('deletePost'),
  storage: MediaBucket.forFunction('deletePost'),
  counters: PostCountersTable.forFunction('deletePost'),
  invalidate: postInvalidator('deletePost'),
};

export const handler = httpHandler('deletePost', async (event, { metrics, signal }) => {
  await deletePost(withSignal(deps, signal), callerOf(event), event.pathParameters?.id);
  metrics.addMetric(MetricName.PostDeleted, MetricUnit.Count, 1);
  return noContent();
});
