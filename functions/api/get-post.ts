import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { cacheErrorReporter } from '../adapters/cache/cache-errors';
import { PostsCache } from '../adapters/cache/posts-cache';
import { PostsTable } from '../adapters/posts-table';
import type { Post } from '../domain/post';
import type { CacheOutcome } from '../domain/post-cache';
import { readPost } from '../domain/read-post';
import { SingleFlight } from '../domain/single-flight';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { MetricName } from '../observability/metric-names';

const posts = PostsTable.forFunction('getPost');
const cache = PostsCache.forFunction('getPost');
const reads = new SingleFlight<Post | undefined>();
const onCacheError = cacheErrorReporter('getPost');

const outcomeMetric: Record<CacheOutcome, MetricName> = {
  HIT: MetricName.CacheHit,
  MISS: MetricName.CacheMiss,
  BYPASS: MetricName.CacheBypass,
};

export const handler = httpHandler('getPost', async (event, { metrics }) => {
  const read = await readPost({ posts, cache, reads, onCacheError }, event.pathParameters?.id);
  metrics.addMetric(outcomeMetric[read.cache], MetricUnit.Count, 1);
  return json(200, read.post, { 'x-cache': read.cache });
});
