import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { cacheErrorReporter } from '../adapters/cache/cache-errors';
import { PostsCache } from '../adapters/cache/posts-cache';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import type { CacheOutcome } from '../domain/post-cache';
import { getPostDetails, type PostDetails } from '../domain/post-details';
import { SingleFlight } from '../domain/single-flight';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  cache: PostsCache.forFunction<PostDetails>('getPost'),
  reads: new SingleFlight<PostDetails | undefined>(),
  onCacheError: cacheErrorReporter('getPost'),
  media: MediaTable.forFunction('getPost'),
  storage: MediaBucket.forFunction('getPost'),
};

const outcomeMetric: Record<CacheOutcome, MetricName> = {
  HIT: MetricName.CacheHit,
  MISS: MetricName.CacheMiss,
  BYPASS: MetricName.CacheBypass,
};

export const handler = httpHandler('getPost', async (event, { metrics, signal }) => {
  const read = await getPostDetails(withSignal(deps, signal), event.pathParameters?.id);
  metrics.addMetric(outcomeMetric[read.cache], MetricUnit.Count, 1);
  return json(200, read.post, { 'x-cache': read.cache });
});
