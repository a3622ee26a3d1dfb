import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functions, readEnvironment, service, type FunctionName } from '../../../lib/description';
import type { Probe } from '../../domain/health';
import type { KeyValueStore } from '../cache/key-value-store';
import { cacheStore } from '../cache/container-cache-store';
import { documentClient } from '../dynamodb-client';
import { sqsClient } from '../sqs-client';

const timeouts = service.health.probeTimeoutMs;

/** DynamoDB answers a read on the table (of a key that never exists: a cheap GetItem). */
export function tableProbe(
  db: DynamoDBDocumentClient,
  tableName: string,
  timeoutMs: number = timeouts.dynamodb,
): Probe {
  return {
    name: 'dynamodb',
    critical: true,
    timeoutMs,
    check: async (signal) => {
      await db.send(new GetCommand({ TableName: tableName, Key: { pk: 'HEALTH', sk: 'HEALTH' } }), {
        abortSignal: signal,
      });
    },
  };
}

/** The queue exists and SQS answers for it (GetQueueAttributes: its depth). */
export function queueProbe(
  sqs: SQSClient,
  name: string,
  queueUrl: string,
  timeoutMs: number = timeouts.queue,
): Probe {
  return {
    name: `queue:${name}`,
    critical: true,
    timeoutMs,
    check: async (signal) => {
      await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
        { abortSignal: signal },
      );
    },
  };
}

/** The cache answers PING; it is optional: without it the service is degraded, not down. */
export function cacheProbe(
  store: KeyValueStore | undefined,
  timeoutMs: number = timeouts.cache,
): Probe {
  return {
    name: 'cache',
    critical: false,
    timeoutMs,
    check: store ? () => store.ping(timeoutMs) : undefined,
  };
}

/** Every probe of one function, from its environment: the table, each queue, the cache. */
export function probesForFunction(name: FunctionName): Probe[] {
  const environment = readEnvironment(name);
  const tableName = environment.tableName();
  const { sdk } = functions[name];
  const queues = Object.entries(environment.queueUrls());
  const sqs = queues.length > 0 ? sqsClient(sdk) : undefined;
  return [
    tableProbe(documentClient(sdk), tableName),
    ...(sqs ? queues.map(([queue, url]) => queueProbe(sqs, queue, url)) : []),
    cacheProbe(cacheStore()),
  ];
}
