/**
 * Baseline for sweepFollowUps: a bare scheduled handler with the same clients
 * making the same calls, and nothing else: the unsent posts' keys (a keys-only
 * index), each post read, its jobs sent to their queues, the post marked sent.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';
import { sqs } from './bare-sqs';

const queues = ['ANALYTICS_QUEUE_URL', 'NOTIFICATIONS_QUEUE_URL', 'IMAGE_QUEUE_URL'];

export const handler = async (): Promise<void> => {
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'unsent',
      KeyConditionExpression: 'unsent_pk = :pk',
      ExpressionAttributeValues: { ':pk': 'UNSENT' },
    }),
  );
  for (const { pk } of Items) {
    const { Item } = await db.send(new GetCommand({ TableName: table(), Key: { pk, sk: 'POST' } }));
    if (!Item) continue;
    for (const name of queues) {
      const QueueUrl = process.env[name];
      if (QueueUrl) {
        await sqs.send(
          new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ post_id: Item.id }) }),
        );
      }
    }
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk, sk: 'POST' },
        UpdateExpression: 'REMOVE unsent_pk',
      }),
    );
  }
};
