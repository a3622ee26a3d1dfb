import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { bundledAssetDir } from '../adapters/bundled-assets';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { PostsTable } from '../adapters/posts-table';
import { ResvgCardRenderer } from '../adapters/resvg-card-renderer';
import { renderShareCard } from '../domain/render-share-card';
import { jobWorker } from '../jobs/job-worker';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';
import { JobsTable } from '../adapters/jobs-table';
import { settleFailedJob } from '../domain/settle-failed-job';

// Fonts are read once per container, at init.
const deps = {
  posts: PostsTable.forFunction('imageWorker'),
  media: MediaTable.forFunction('imageWorker'),
  storage: MediaBucket.forFunction('imageWorker'),
  followUps: PostFollowUpsTable.forFunction('imageWorker'),
  cards: await ResvgCardRenderer.fromDir(await bundledAssetDir(import.meta.url, 'fonts')),
};

// A job given up on reads `failed`: the text-analysis job, or the post naming its follow-up.
const settle = {
  ledger: JobsTable.forFunction('imageWorker'),
  followUps: PostFollowUpsTable.forFunction('imageWorker'),
};

export const handler = jobWorker(
  'image',
  async (job, { metrics, signal }) => {
    const outcome = await renderShareCard(withSignal(deps, signal), job);
    if (outcome === 'rendered')
      metrics.addMetric(MetricName.ShareCardRendered, MetricUnit.Count, 1);
    return { outcome: 'done', details: { share_card: outcome } };
  },
  (job, reason, { signal }) => settleFailedJob(withSignal(settle, signal), job, reason),
);
