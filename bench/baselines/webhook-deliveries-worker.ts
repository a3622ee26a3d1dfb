/**
 * Baseline for webhookDeliveriesWorker: a bare SQS handler with the same clients making
 * the same calls per delivery: the delivery leased (one conditional update), the webhook
 * read and its secret opened with KMS, the event POSTed, the attempt recorded on the
 * delivery and on the webhook's health.
 */
import { DecryptCommand } from '@aws-sdk/client-kms';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';
import { postJson } from './bare-http-post';
import { kms } from './bare-kms';
import { bareSqsHandler } from './bare-sqs-batch';

export const handler = bareSqsHandler(async ({ webhook_id: webhookId, delivery_sk: sk, event }) => {
  const delivery = { pk: `WEBHOOK#${String(webhookId)}`, sk: String(sk) };
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: delivery,
      UpdateExpression: 'ADD attempts :one',
      ConditionExpression: '#state = :pending',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':one': 1, ':pending': 'pending' },
    }),
  );
  const { Item: webhook } = await db.send(
    new GetCommand({ TableName: table(), Key: { pk: delivery.pk, sk: 'WEBHOOK' } }),
  );
  if (!webhook) return;
  await kms.send(new DecryptCommand({ CiphertextBlob: webhook.secret as Uint8Array }));
  const status = await postJson(String(webhook.url), event);
  const ok = status >= 200 && status < 300;
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: delivery,
      UpdateExpression: 'SET #state = :state, last_status = :status',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': ok ? 'succeeded' : 'pending', ':status': status },
    }),
  );
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: delivery.pk, sk: 'WEBHOOK' },
      UpdateExpression: 'SET #state = :state',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': ok ? 'active' : 'failing' },
    }),
  );
  if (!ok) throw new Error(`the receiver answered ${status}`);
});
