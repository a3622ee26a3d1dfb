import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { bundledAssetDir } from '../adapters/bundled-assets';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { PostsTable } from '../adapters/posts-table';
import { ResvgCardRenderer } from '../adapters/resvg-card-renderer';
import { imageJobSchema } from '../domain/image-job';
import { parse } from '../domain/post-input';
import { renderShareCard } from '../domain/render-share-card';
import { MetricName } from '../observability/metric-names';
import { sqsWorker } from './sqs-worker';

// Fonts are read once per container, at init.
const deps = {
  posts: PostsTable.forFunction('imageWorker'),
  media: MediaTable.forFunction('imageWorker'),
  storage: MediaBucket.forFunction('imageWorker'),
  cards: await ResvgCardRenderer.fromDir(await bundledAssetDir(import.meta.url, 'fonts')),
};

export const handler = sqsWorker('imageWorker', async (record, { logger, metrics }) => {
  const job = parse(imageJobSchema, JSON.parse(record.body), 'image job');
  const outcome = await renderShareCard(deps, job);
  logger.info('share card', { postId: job.post_id, outcome });
  if (outcome === 'rendered') metrics.addMetric(MetricName.ShareCardRendered, MetricUnit.Count, 1);
});
