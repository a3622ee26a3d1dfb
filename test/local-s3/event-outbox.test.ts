import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, it } from 'vitest';
import type { S3EventMessage } from '../../local/s3';
import { BUCKET, startLocalS3 } from './harness';

// An upload answered 200 whose event the server could not deliver before it stopped (or was
// killed) is delivered by the next server on the same data folder, once: nothing accepted
// is lost, as with S3.
it('delivers an accepted event after a restart on the same data when the server stopped before delivering it', async () => {
  let destinationUp = false;
  const delivered: S3EventMessage[] = [];
  const local = await startLocalS3({
    notifications: [
      {
        id: 'uploads',
        bucket: BUCKET,
        events: ['s3:ObjectCreated:*'],
        deliver: async (message) => {
          if (!destinationUp) throw new Error('connect ECONNREFUSED (the queue is down)');
          delivered.push(message);
        },
      },
    ],
  });
  await local.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/a.png', Body: 'x' }));
  // Answered; the event waits on disk (its first attempt failed) when the server goes.
  const outbox = join(local.dataDir, '.event-outbox');
  expect((await readdir(outbox)).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  await local.server.close();
  expect(delivered).toEqual([]);

  destinationUp = true;
  await local.restart();
  await local.server.idle();
  expect(delivered.map((m) => m.Records[0]?.s3.object.key)).toEqual(['uploads/a.png']);
  // Delivered, so gone from the outbox: the next start sends nothing again.
  expect(await readdir(outbox)).toEqual([]);
  await local.restart();
  await local.server.idle();
  expect(delivered).toHaveLength(1);
  // The outbox is the server's own folder, not a bucket.
  const buckets = await local.s3.send(new ListBucketsCommand({}));
  expect(buckets.Buckets?.map((b) => b.Name)).toEqual([BUCKET]);
});
