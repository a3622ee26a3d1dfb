/**
 * Baseline for notificationsWorker: a bare SQS handler with the same clients making the
 * same calls per job, and nothing else: the post read, its author's webhooks queried, one
 * delivery record put and one message sent to the deliveries queue per webhook, the
 * post's follow-up marked done. It signs and calls nobody: the deliveries worker does.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';
import { sqs } from './bare-sqs';
import { bareSqsHandler } from './bare-sqs-batch';

export const handler = bareSqsHandler(async ({ post_id: id }) => {
  const { Item: post } = await db.send(
    new GetCommand({ TableName: table(), Key: { pk: `POST#${String(id)}`, sk: 'POST' } }),
  );
  if (!post) return;
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'byAuthor',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `WEBHOOKS#${String(post.author_id)}` },
    }),
  );
  for (const webhook of Items) {
    const sk = `DELIVERY#${String(post.created_at)}#${String(id)}`;
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: webhook.pk, sk, state: 'pending', attempts: 0 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: process.env.WEBHOOK_DELIVERIES_QUEUE_URL,
        MessageBody: JSON.stringify({ webhook_id: webhook.id, delivery_sk: sk, post }),
      }),
    );
  }
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `POST#${String(id)}`, sk: 'POST' },
      UpdateExpression: 'SET jobs.notifications = :done',
      ExpressionAttributeValues: { ':done': 'done' },
    }),
  );
});
