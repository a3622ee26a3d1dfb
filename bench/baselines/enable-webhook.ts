/**
 * Baseline for enableWebhook: a bare handler with the same clients making the same calls:
 * the webhook read (its owner checked), its secret opened with KMS, the ownership challenge
 * POSTed to its URL, and the webhook made active again.
 */
import { randomUUID } from 'node:crypto';
import { DecryptCommand } from '@aws-sdk/client-kms';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { postJson } from './bare-http-post';
import { kms } from './bare-kms';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const key = { pk: `WEBHOOK#${String(event.pathParameters?.id)}`, sk: 'WEBHOOK' };
  const { Item: webhook } = await db.send(new GetCommand({ TableName: table(), Key: key }));
  if (!webhook) return { statusCode: 404, body: '{"title":"Not Found"}' };
  if (webhook.author_id !== event.requestContext.authorizer?.claims?.sub) {
    return { statusCode: 403, body: '{"title":"Forbidden"}' };
  }
  await kms.send(new DecryptCommand({ CiphertextBlob: webhook.secret as Uint8Array }));
  if ((await postJson(String(webhook.url), { challenge: randomUUID() })) !== 200) {
    return { statusCode: 400, body: '{"title":"Bad Request"}' };
  }
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET #state = :active, consecutive_failures = :zero',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':active': 'active', ':zero': 0 },
    }),
  );
  return { statusCode: 200, body: JSON.stringify({ ...webhook, state: 'active' }) };
};
