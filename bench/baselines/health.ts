/**
 * Baseline for health: a bare handler making the same probes, and nothing else:
 * the table (one GetItem), every queue's attributes, and the cache's status as
 * its probe recorded it (an item in the table).
 */
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { db, table } from './bare-dynamodb';
import { sqs } from './bare-sqs';

const queues = Object.values(JSON.parse(process.env.QUEUE_URLS ?? '{}') as Record<string, string>);

export const handler = async (): Promise<APIGatewayProxyResult> => {
  const checks = await Promise.allSettled([
    db.send(new GetCommand({ TableName: table(), Key: { pk: 'HEALTH', sk: 'HEALTH' } })),
    db.send(new GetCommand({ TableName: table(), Key: { pk: 'HEALTH#cache', sk: 'STATUS' } })),
    ...queues.map((QueueUrl) =>
      sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      ),
    ),
  ]);
  const healthy = checks.every((check) => check.status === 'fulfilled');
  return {
    statusCode: healthy ? 200 : 503,
    body: JSON.stringify({ status: healthy ? 'healthy' : 'unhealthy' }),
  };
};
