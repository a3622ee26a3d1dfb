/**
 * Baseline for deletePost: a bare handler with the same clients making the same
 * calls, and nothing else: the conditional delete, a Query for the post's media,
 * their objects deleted from S3, and the cached view dropped where a cache is
 * configured (its client loaded only then).
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { bucket, s3 } from './bare-s3';

const cached = process.env.CACHE_URL ? import('./bare-cache') : undefined;

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = event.pathParameters?.id;
  try {
    await db.send(
      new DeleteCommand({
        TableName: table(),
        Key: { pk: `POST#${id}`, sk: 'POST' },
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      return { statusCode: 404, body: '{"title":"Not Found"}' };
    }
    throw error;
  }
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `POST#${id}` },
    }),
  );
  for (const item of Items) {
    await db.send(new DeleteCommand({ TableName: table(), Key: { pk: item.pk, sk: item.sk } }));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: String(item.key) }));
  }
  if (cached) await (await cached).cache.del(`post:${id}`);
  return { statusCode: 204, body: '' };
};
