/**
 * Baseline for mediaWorker: a bare SQS handler (S3 event notifications) with
 * the same clients and the same image library making the same calls per
 * upload, and nothing else: the object read, its web and thumbnail renditions
 * made with sharp and put in S3, the media record updated.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import sharp from 'sharp';
import { db, table } from './bare-dynamodb';
import { bucket, s3 } from './bare-s3';
import { bareSqsHandler } from './bare-sqs-batch';

interface S3Notification {
  Records?: { s3: { object: { key: string } } }[];
}

export const handler = bareSqsHandler(async (body) => {
  for (const record of (body as S3Notification).Records ?? []) {
    const key = decodeURIComponent(record.s3.object.key);
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket(), Key: key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    for (const [name, width] of [
      ['web', 1600],
      ['thumb', 320],
    ] as const) {
      const out = await sharp(bytes)
        .rotate()
        .resize({ width, withoutEnlargement: true })
        .webp()
        .toBuffer();
      await s3.send(
        new PutObjectCommand({ Bucket: bucket(), Key: `${key}.${name}.webp`, Body: out }),
      );
    }
    const [, postId, mediaId] = key.split('/');
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `POST#${postId}`, sk: `MEDIA#${mediaId}` },
        UpdateExpression: 'SET #s = :ready',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':ready': 'ready' },
      }),
    );
  }
});
