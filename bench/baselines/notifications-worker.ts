/**
 * Baseline for notificationsWorker: a bare SQS handler with the same clients
 * making the same calls per job, and nothing else: the post read, its author's
 * webhooks queried, each secret opened with KMS and the callback POSTed, each
 * delivery recorded, the post's follow-up marked done.
 */
import { DecryptCommand } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';
import { postJson } from './bare-http-post';
import { kms } from './bare-kms';
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
    await kms.send(new DecryptCommand({ CiphertextBlob: webhook.secret as Uint8Array }));
    const status = await postJson(String(webhook.url), { event: 'post.created', post });
    await db.send(
      new PutCommand({
        TableName: table(),
        Item: { pk: `JOB#${String(id)}`, sk: `DELIVERY#${String(webhook.pk)}`, status },
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
