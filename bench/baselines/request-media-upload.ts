/**
 * Baseline for requestMediaUpload: a bare handler with the same clients making
 * the same calls, and nothing else: the post read, the pending media record
 * put, the post's media count updated, a presigned S3 POST, and the cached view
 * dropped where a cache is configured (its client loaded only then).
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { bucket, s3 } from './bare-s3';

const cached = process.env.CACHE_URL ? import('./bare-cache') : undefined;

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id;
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: { pk: `POST#${id}`, sk: 'POST' } }),
  );
  if (!Item) return { statusCode: 404, body: '{"title":"Not Found"}' };
  const mediaId = randomUUID();
  const key = `uploads/${id}/${mediaId}`;
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: `POST#${id}`, sk: `MEDIA#${mediaId}`, key, state: 'pending' },
    }),
  );
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `POST#${id}`, sk: 'POST' },
      UpdateExpression: 'ADD media_count :one',
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  const upload = await createPresignedPost(s3, {
    Bucket: bucket(),
    Key: key,
    Conditions: [['content-length-range', 1, 10 * 1024 * 1024]],
    Expires: 600,
  });
  if (cached) await (await cached).cache.del(`post:${id}`);
  return { statusCode: 201, body: JSON.stringify({ media_id: mediaId, upload }) };
};
