import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functions, readEnvironment, service, type FunctionName } from '../../../lib/description';
import { reportRecorded, type Probe, type RecordedCheck } from '../../domain/health';
import type { KeyValueStore } from '../cache/key-value-store';
import { CacheStatusTable } from './cache-status-table';
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

/**
 * The cache as its prober last found it (`cacheProbe`, which pings it from
 * inside the VPC every few minutes): a function outside the VPC cannot reach
 * the cache, and needs no network endpoint to read the record. Reading it is
 * bounded like any probe; the record itself says ok, failed or timeout.
 */
export function recordedCacheProbe(
  read: (signal: AbortSignal) => Promise<RecordedCheck | undefined>,
  staleAfterMs: number,
  timeoutMs: number = timeouts.dynamodb,
  now: () => Date = () => new Date(),
): Probe {
  return {
    name: 'cache',
    critical: false,
    timeoutMs,
    check: async (signal) => reportRecorded(await read(signal), now(), staleAfterMs),
  };
}

/** How old the prober's record may be: two runs missed. */
export function cacheRecordStaleAfterMs(): number {
  const rate = functions.cacheProbe.schedule?.rateMinutes ?? 1;
  return 3 * rate * 60_000;
}

/**
 * Every probe of the health function, from its environment: the table, each
 * queue, and the cache as its prober recorded it when `CACHE_PROBED` says there
 * is one, else disabled. The health function runs outside the cache's VPC and
 * never opens the cache itself: only `cacheProbe` (the prober's function) PINGs
 * it, so the Valkey client stays out of this bundle altogether.
 */
export function probesForFunction(name: FunctionName): Probe[] {
  const environment = readEnvironment(name);
  const tableName = environment.tableName();
  const { sdk } = functions[name];
  const queues = Object.entries(environment.queueUrls());
  const sqs = queues.length > 0 ? sqsClient(sdk) : undefined;
  return [
    tableProbe(documentClient(sdk), tableName),
    ...(sqs ? queues.map(([queue, url]) => queueProbe(sqs, queue, url)) : []),
    environment.cacheProbed()
      ? recordedCacheProbe(
          (signal) => CacheStatusTable.forFunction(name).withSignal(signal).read(),
          cacheRecordStaleAfterMs(),
        )
      : cacheProbe(undefined),
  ];
}
