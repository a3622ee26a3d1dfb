/**
 * Baseline for getPost: a bare handler with the same clients making the same
 * calls, and nothing else (no validation, middleware or telemetry): a cache GET
 * where a cache is configured (its client loaded only then, as the function
 * loads it), else the post's partition in one Query (the post and its media),
 * and a presigned download URL for each media object.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { bucket, s3 } from './bare-s3';

const cached = process.env.CACHE_URL ? import('./bare-cache') : undefined;

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id;
  const hit = cached ? await (await cached).cache.get(`post:${id}`) : null;
  if (hit) return { statusCode: 200, body: hit };
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `POST#${id}` },
    }),
  );
  const post = Items.find((item) => item.sk === 'POST');
  if (!post) return { statusCode: 404, body: '{"title":"Not Found"}' };
  const media = await Promise.all(
    Items.filter((item) => item.sk !== 'POST').map(async (item) => ({
      ...item,
      url: await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: bucket(), Key: String(item.key) }),
        { expiresIn: 3600 },
      ),
    })),
  );
  return { statusCode: 200, body: JSON.stringify({ ...post, media }) };
};
