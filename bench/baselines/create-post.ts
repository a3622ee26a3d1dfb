/**
 * Baseline for createPost: a bare handler with the same clients making the same
 * calls, and nothing else (no validation, middleware or telemetry): the
 * idempotency key read, the conditional put, the follow-up jobs sent to their
 * queues, and the post marked as having sent them.
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { sqs } from './bare-sqs';

const queues = ['ANALYTICS_QUEUE_URL', 'NOTIFICATIONS_QUEUE_URL', 'IMAGE_QUEUE_URL'];

export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  const body = JSON.parse(event.body ?? '{}') as Record<string, unknown>;
  const key = event.headers?.['Idempotency-Key'];
  if (key) {
    const { Item } = await db.send(
      new GetCommand({ TableName: table(), Key: { pk: `IDEMPOTENCY#${key}`, sk: 'KEY' } }),
    );
    if (Item) return { statusCode: 201, body: String(Item.answer) };
  }
  const id = randomUUID();
  const at = new Date().toISOString();
  const post = { ...body, id, status: 'processing', created_at: at, updated_at: at };
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: {
        pk: `POST#${id}`,
        sk: 'POST',
        gsi1pk: `AUTHOR#${String(body.author_id)}`,
        gsi1sk: `${at}#${id}`,
        gsi2pk: 'FEED',
        gsi2sk: `${at}#${id}`,
        ...post,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  const urls = queues.map((name) => process.env[name]).filter((url) => url !== undefined);
  for (const QueueUrl of urls) {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ id }) }));
  }
  if (urls.length > 0) {
    await db.send(
      new UpdateCommand({
        TableName: table(),
        Key: { pk: `POST#${id}`, sk: 'POST' },
        UpdateExpression: 'SET jobs_sent = :t',
        ExpressionAttributeValues: { ':t': true },
      }),
    );
  }
  return { statusCode: 201, body: JSON.stringify(post) };
};
