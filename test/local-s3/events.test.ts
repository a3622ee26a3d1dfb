import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { eventKey } from '../../local/s3/event-notifications';
import { BUCKET, startLocalS3 } from './harness';

describe('local S3 event notifications', () => {
  it('sends the S3 event message for a put and a delete, key URL-encoded, size and eTag included', async () => {
    const local = await startLocalS3();
    const put = await local.s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'photos/red flower(1).jpg', Body: 'abc' }),
    );
    await local.s3.send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: 'photos/red flower(1).jpg' }),
    );
    await local.server.idle();
    const [created, removed] = local.events.map((m) => m.Records[0]);
    expect(created).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'all',
        bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        object: { key: 'photos/red+flower%281%29.jpg', size: 3, eTag: put.ETag?.slice(1, -1) },
      },
    });
    expect(removed?.eventName).toBe('ObjectRemoved:Delete');
    expect(removed?.s3.object.size).toBeUndefined();
    expect(Number.parseInt(removed?.s3.object.sequencer ?? '0', 16)).toBeGreaterThan(
      Number.parseInt(created?.s3.object.sequencer ?? '0', 16),
    );
  });

  it('delivers only what a target subscribes to, by event type, prefix and suffix', async () => {
    const seen: string[] = [];
    const local = await startLocalS3({
      notifications: [
        {
          id: 'pngs-in-uploads',
          bucket: BUCKET,
          events: ['s3:ObjectCreated:Post', 's3:ObjectCreated:Put'],
          prefix: 'uploads/',
          suffix: '.png',
          deliver: async (m) => {
            seen.push(m.Records[0]?.s3.object.key ?? '');
          },
        },
      ],
    });
    for (const Key of ['uploads/a.png', 'uploads/b.jpg', 'other/c.png']) {
      await local.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }));
    }
    await local.s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'uploads/a.png' }));
    await local.server.idle();
    expect(seen).toEqual(['uploads/a.png']);
  });

  it('encodes keys the way S3 event messages do, and decodes back', () => {
    for (const key of ['a b/c+d', 'ünï/cödé', "x!'()*=&?"]) {
      const encoded = eventKey(key);
      expect(encoded).not.toMatch(/[ !'()*]/);
      expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
    }
  });
});
