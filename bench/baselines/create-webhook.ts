/**
 * Baseline for createWebhook: a bare handler with the same clients making the
 * same calls, and nothing else: the ownership challenge POSTed to the URL, the
 * signing secret sealed with KMS, the author's webhook count raised under its
 * limit, and the webhook put.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EncryptCommand } from '@aws-sdk/client-kms';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { postJson } from './bare-http-post';
import { kms } from './bare-kms';

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const { url } = JSON.parse(event.body ?? '{}') as { url: string };
  const owner = String(event.requestContext.authorizer?.claims?.sub);
  if ((await postJson(url, { challenge: randomUUID() })) !== 200) {
    return { statusCode: 400, body: '{"title":"Bad Request"}' };
  }
  const secret = randomBytes(32).toString('base64url');
  const sealed = await kms.send(
    new EncryptCommand({ KeyId: process.env.WEBHOOK_SECRETS_KEY, Plaintext: Buffer.from(secret) }),
  );
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `WEBHOOKS#${owner}`, sk: 'COUNT' },
      UpdateExpression: 'ADD #n :one',
      ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
      ExpressionAttributeNames: { '#n': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':max': 10 },
    }),
  );
  const id = randomUUID();
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: `WEBHOOK#${id}`, sk: 'WEBHOOK', owner, url, secret: sealed.CiphertextBlob },
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ id, url, secret }) };
};
