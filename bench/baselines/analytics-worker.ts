/**
 * Baseline for analyticsWorker: a bare SQS handler with the same client making
 * the same calls per job, and nothing else (no lease, settlement or telemetry):
 * the post read, its type's counters raised, the post's follow-up marked done.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';
import { bareSqsHandler } from './bare-sqs-batch';

export const handler = bareSqsHandler(async ({ post_id: id }) => {
  const { Item } = await db.send(
    new GetCommand({ TableName: table(), Key: { pk: `POST#${String(id)}`, sk: 'POST' } }),
  );
  if (!Item) return;
  const day = String(Item.created_at).slice(0, 10);
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `STATS#${String(Item.author_id)}`, sk: `DAY#${day}` },
      UpdateExpression: 'ADD #t :one',
      ExpressionAttributeNames: { '#t': String(Item.post_type) },
      ExpressionAttributeValues: { ':one': 1 },
    }),
  );
  await db.send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: `POST#${String(id)}`, sk: 'POST' },
      UpdateExpression: 'SET jobs.analytics = :done',
      ExpressionAttributeValues: { ':done': 'done' },
    }),
  );
});
