import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { service } from '../../lib/description';
import { localCredentials, localRegion } from '../local-credentials';
import type { LocalService } from '../service';
import { mediaBucketCors } from './media-bucket-cors';
import { startS3Server, type S3Server } from './s3-server';

/**
 * The local S3 with the media bucket, whose uploads notify the media queue as the
 * stack's bucket notification does.
 */
export function s3Service(options: {
  readonly port: number;
  readonly dataDir: string;
  /** Where the notifications go: the local SQS, or what stands in front of it. */
  readonly sqsEndpoint: string;
  readonly mediaQueueUrl: string;
}): LocalService<S3Server> {
  let s3: S3Server | undefined;
  let events: SQSClient | undefined;
  return {
    name: 's3',
    async start() {
      const mediaBucket = service.media.bucketName;
      const client = new SQSClient({
        endpoint: options.sqsEndpoint,
        region: localRegion,
        credentials: localCredentials,
      });
      events = client;
      s3 = await startS3Server({
        port: options.port,
        dataDir: options.dataDir,
        region: localRegion,
        credentials: new Map([[localCredentials.accessKeyId, localCredentials.secretAccessKey]]),
        buckets: [{ name: mediaBucket, cors: mediaBucketCors() }],
        notifications: [
          {
            id: 'media-uploads',
            bucket: mediaBucket,
            events: ['s3:ObjectCreated:*'],
            prefix: service.media.prefixes.uploads,
            // As S3 sends to SQS: the event message is the body, one message per event.
            deliver: async (message) => {
              await client.send(
                new SendMessageCommand({
                  QueueUrl: options.mediaQueueUrl,
                  MessageBody: JSON.stringify(message),
                }),
              );
            },
          },
        ],
      });
      return s3;
    },
    async close() {
      // The bucket's last event deliveries go to the queue before the client goes.
      await s3?.close();
      events?.destroy();
      s3 = undefined;
      events = undefined;
    },
  };
}
