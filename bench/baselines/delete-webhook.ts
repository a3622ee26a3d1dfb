/**
 * Baseline for deleteWebhook: a bare handler with the same client making the
 * same calls: the webhook read (its owner), deleted, the owner's count given back.
 */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const owner = String(event.requestContext.authorizer?.claims?.sub);
  const key = { pk: `WEBHOOK#${event.pathParameters?.id}`, sk: 'WEBHOOK' };
  const { Item } = await db.send(new GetCommand({ TableName: table(), Key: key }));
  if (!Item || Item.owner !== owner) return { statusCode: 404, body: '{"title":"Not Found"}' };
  await db.send(new DeleteCommand({ TableName: table(), Key: key }));
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `WEBHOOKS#${owner}`, sk: 'COUNT' },
      UpdateExpression: 'ADD #n :minus',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':minus': -1 },
    }),
  );
  return { statusCode: 204, body: '' };
};
