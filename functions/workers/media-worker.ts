import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { MediaBucket } from '../adapters/media-bucket';
import { MediaTable } from '../adapters/media-table';
import { createdObjects } from '../adapters/s3-event';
import { SharpImages } from '../adapters/sharp-images';
import { processUpload } from '../domain/process-upload';
import { MetricName } from '../observability/metric-names';
import { sqsWorker } from './sqs-worker';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  media: MediaTable.forFunction('mediaWorker'),
  storage: MediaBucket.forFunction('mediaWorker'),
  images: new SharpImages(),
};

export const handler = sqsWorker('mediaWorker', async (record, { logger, metrics, signal }) => {
  for (const object of createdObjects(record.body)) {
    const verdict = await processUpload(withSignal(deps, signal), object);
    logger.info('upload processed', { key: object.key, ...verdict });
    if (verdict.kind === 'ready') metrics.addMetric(MetricName.MediaReady, MetricUnit.Count, 1);
    if (verdict.kind === 'rejected') {
      metrics.addMetric(MetricName.MediaRejected, MetricUnit.Count, 1);
    }
  }
});
