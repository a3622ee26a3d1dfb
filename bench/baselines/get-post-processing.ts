/**
 * Baseline for getPostProcessing: a bare handler with the same client making the same
 * one Query of the post's partition (the post, its media, its card), and the author check.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = String(event.pathParameters?.id);
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `POST#${id}` },
    }),
  );
  const post = Items.find((item) => item.sk === 'POST');
  if (!post) return { statusCode: 404, body: '{"title":"Not Found"}' };
  if (post.author_id !== event.requestContext.authorizer?.claims?.sub) {
    return { statusCode: 403, body: '{"title":"Forbidden"}' };
  }
  const uploads = Items.filter((item) => String(item.sk).startsWith('MEDIA#'));
  return { statusCode: 200, body: JSON.stringify({ post_id: id, jobs: post.jobs, uploads }) };
};
