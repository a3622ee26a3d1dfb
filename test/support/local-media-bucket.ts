import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { service } from '../../lib/description';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { startS3Server, type S3EventMessage, type S3Server } from '../../local/s3';
import { mediaBucketCors } from '../../local/s3/media-bucket-cors';

export interface LocalMediaBucket {
  readonly server: S3Server;
  readonly bucket: string;
  /** An SDK client on the local endpoint, as the handlers build theirs. */
  readonly s3: S3Client;
  /** Upload events S3 would send to the media queue. */
  readonly events: S3EventMessage[];
  close(): Promise<void>;
}

/**
 * The local S3 with the media bucket, and the environment the handlers read
 * (MEDIA_BUCKET, the S3 endpoint), for tests that call adapters or handlers directly.
 */
export async function localMediaBucket(): Promise<LocalMediaBucket> {
  const dataDir = await mkdtemp(join(tmpdir(), 'posts-api-s3-'));
  const bucket = service.media.bucketName;
  const events: S3EventMessage[] = [];
  const server = await startMediaS3(dataDir, async (message) => {
    events.push(message);
  });
  Object.assign(process.env, {
    MEDIA_BUCKET: bucket,
    AWS_ENDPOINT_URL_S3: server.url,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
  });
  const s3 = new S3Client({
    endpoint: server.url,
    forcePathStyle: true,
    region: localRegion,
    credentials: localCredentials,
  });
  return {
    server,
    bucket,
    s3,
    events,
    async close() {
      s3.destroy();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The local S3 on a free port with the media bucket (the stack's CORS) and its upload
 * notification, each event handed to `deliver` (where S3 would send it to the media queue).
 */
export function startMediaS3(
  dataDir: string,
  deliver: (message: S3EventMessage) => Promise<void>,
): Promise<S3Server> {
  const bucket = service.media.bucketName;
  return startS3Server({
    port: 0,
    dataDir,
    region: localRegion,
    credentials: new Map([[localCredentials.accessKeyId, localCredentials.secretAccessKey]]),
    buckets: [{ name: bucket, cors: mediaBucketCors() }],
    notifications: [
      {
        id: 'media-uploads',
        bucket,
        events: ['s3:ObjectCreated:*'],
        prefix: service.media.prefixes.uploads,
        deliver,
      },
    ],
  });
}
