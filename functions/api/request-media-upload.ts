import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { postInvalidator } from '../adapters/cache/invalidate-post';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { requestMediaUpload } from '../domain/request-media-upload';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { jsonBody } from '../http/json-body';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  media: MediaTable.forFunction('requestMediaUpload'),
  storage: MediaBucket.forFunction('requestMediaUpload'),
  invalidate: postInvalidator('requestMediaUpload'),
};

export const handler = httpHandler('requestMediaUpload', async (event, { metrics, signal }) => {
  const ticket = await requestMediaUpload(
    withSignal(deps, signal),
    callerOf(event),
    event.pathParameters?.id,
    jsonBody(event),
  );
  metrics.addMetric(MetricName.MediaUploadRequested, MetricUnit.Count, 1);
  return json(201, ticket, { location: `/posts/${ticket.post_id}` });
});
