import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { postInvalidator } from '../adapters/cache/invalidate-post';
import { PostsTable } from '../adapters/posts-table';
import { deletePost } from '../domain/delete-post';
import { callerOf } from '../http/authorized-caller';
import { noContent } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { MetricName } from '../observability/metric-names';
import { bindSignal } from '../pipeline/with-signal';

const posts = PostsTable.forFunction('deletePost');
const invalidatePost = postInvalidator('deletePost');

export const handler = httpHandler('deletePost', async (event, { metrics, signal }) => {
  await deletePost(
    bindSignal(posts, signal),
    callerOf(event),
    event.pathParameters?.id,
    invalidatePost,
  );
  metrics.addMetric(MetricName.PostDeleted, MetricUnit.Count, 1);
  return noContent();
});
