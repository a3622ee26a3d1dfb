/**
 * Baseline for listWebhookDeliveries: a bare handler with the same client making the same
 * calls: the webhook read (its owner checked), then one page of its deliveries, newest first.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const id = String(event.pathParameters?.id);
  const { Item: webhook } = await db.send(
    new GetCommand({ TableName: table(), Key: { pk: `WEBHOOK#${id}`, sk: 'WEBHOOK' } }),
  );
  if (!webhook) return { statusCode: 404, body: '{"title":"Not Found"}' };
  if (webhook.author_id !== event.requestContext.authorizer?.claims?.sub) {
    return { statusCode: 403, body: '{"title":"Forbidden"}' };
  }
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :deliveries)',
      ExpressionAttributeValues: { ':pk': `WEBHOOK#${id}`, ':deliveries': 'DELIVERY#' },
      ScanIndexForward: false,
      Limit: 20,
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ items: Items }) };
};
