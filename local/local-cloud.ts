import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  functionEnvironment,
  functions,
  queueEnvironment,
  queueNames,
  queueOfWorker,
  service,
  workerOf,
  type FunctionName,
  type QueueName,
} from '../lib/service';
import { dataDir as defaultDataDir, subDir } from './data-dir';
import { ensureTable, startDynamoDB } from './dynamodb/dynamodb-server';
import { ScheduleSource } from './event-sources/schedule-source';
import { SqsEventSource } from './event-sources/sqs-event-source';
import { startGateway } from './gateway/gateway-server';
import { ensureJobQueues, type LocalJobQueue, type QueueOverrides } from './job-queues';
import { buildFunctionBundles, RUNTIME_ENTRY } from './lambda/function-bundles';
import { LambdaPool } from './lambda/lambda-pool';
import { localCredentials, localRegion } from './local-credentials';
import { startSqsServer, type QueueStore } from './sqs';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly dynamodbPort?: number;
  /** Keep state on disk here; without it, everything is in memory and temporary (tests). */
  readonly dataDir?: string;
  /** Rebuild and reload functions when their sources change. */
  readonly watch?: boolean;
  /** Where container output goes; by default, stdout prefixed with the function's name. */
  readonly onLine?: (functionName: string, line: string) => void;
  readonly integrationTimeoutMs?: number;
  /** The queue service's port; 0 (the default) picks a free one. `npm run dev` uses 9324. */
  readonly sqsPort?: number;
  /** Shorter queue settings for tests (visibility timeout, maxReceiveCount, backoff...). */
  readonly queues?: Partial<Record<QueueName, QueueOverrides>>;
  /** Poll the queues and invoke the workers (default true). */
  readonly eventSources?: boolean;
  /** Run scheduled functions on their interval (default true); `schedules` can run them now. */
  readonly schedules?: boolean;
}

export interface LocalCloud {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly pools: ReadonlyMap<FunctionName, LambdaPool>;
  /** The local SQS: its endpoint, its store (queue depths for the dashboard), the job queues. */
  readonly sqs: {
    readonly url: string;
    readonly store: QueueStore;
    readonly queues: Readonly<Record<QueueName, LocalJobQueue>>;
  };
  /** One event source mapping per queue, polling it for its worker. */
  readonly eventSources: ReadonlyMap<QueueName, SqsEventSource>;
  /** One schedule per scheduled function (the sweeper). */
  readonly schedules: ReadonlyMap<FunctionName, ScheduleSource>;
  close(): Promise<void>;
}

/**
 * The whole service on this machine: dynalite as DynamoDB, a Lambda pool per
 * function running the same bundles that deploy, and API Gateway in front.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const persistent = options.dataDir !== undefined;
  const base = persistent
    ? await defaultDataDir(options.dataDir)
    : await mkdtemp(join(tmpdir(), 'posts-api-'));
  const dynamodb = await startDynamoDB({
    port: options.dynamodbPort ?? 0,
    path: persistent ? await subDir(base, 'dynamodb') : undefined,
  });
  const tableName = service.table.name;
  await ensureTable(dynamodb.endpoint, tableName);
  const sqs = await startSqsServer({
    port: options.sqsPort ?? 0,
    dataDir: await subDir(base, 'sqs'),
    region: localRegion,
  });
  const jobQueues = ensureJobQueues(sqs.store, sqs.url, options.queues);

  const onLine = options.onLine ?? printLine;
  const pools = new Map<FunctionName, LambdaPool>();
  const bundles = await buildFunctionBundles(
    await subDir(base, 'build'),
    options.watch
      ? () => {
          for (const pool of pools.values()) pool.reload();
          onLine('local', 'functions rebuilt: new invocations run the new code');
        }
      : undefined,
  );

  for (const name of Object.keys(functions) as FunctionName[]) {
    const spec = functions[name];
    pools.set(
      name,
      new LambdaPool({
        name,
        spec,
        runtimePath: bundles.path(RUNTIME_ENTRY),
        bundlePath: bundles.path(name),
        environment: {
          ...functionEnvironment({ tableName }),
          AWS_REGION: localRegion,
          AWS_DEFAULT_REGION: localRegion,
          AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
          AWS_ENDPOINT_URL_SQS: sqs.url,
          ...queueEnvironment(name, (queue) => jobQueues[queue].url),
          ...localOnlyEnvironment(name, jobQueues),
          AWS_LAMBDA_FUNCTION_NAME: name,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          TZ: 'UTC',
        },
        concurrency: spec.reservedConcurrency ?? service.local.unreservedConcurrency,
        idleReclaimMs: service.local.idleReclaimMs,
        onLine,
      }),
    );
  }

  const gateway = await startGateway({
    port: options.port ?? 0,
    pools,
    integrationTimeoutMs: options.integrationTimeoutMs,
  });

  const pollingClient = new SQSClient({
    endpoint: sqs.url,
    region: localRegion,
    credentials: localCredentials,
  });
  const eventSources = new Map<QueueName, SqsEventSource>();
  for (const queue of queueNames) {
    const worker = workerOf(queue);
    const pool = pools.get(worker);
    if (!pool) throw new Error(`No pool for ${worker}`);
    const { spec, name, url, arn } = jobQueues[queue];
    const source = new SqsEventSource({
      functionName: worker,
      pool,
      client: pollingClient,
      queueName: name,
      queueUrl: url,
      queueArn: arn,
      region: localRegion,
      batchSize: spec.batchSize,
      maxBatchingWindowSeconds: spec.maxBatchingWindowSeconds,
      maxConcurrency: spec.maxConcurrency,
      onLine,
    });
    if (options.eventSources !== false) source.start();
    eventSources.set(queue, source);
  }

  const schedules = new Map<FunctionName, ScheduleSource>();
  for (const [name, pool] of pools) {
    const rate = functions[name].schedule?.rateMinutes;
    if (rate === undefined) continue;
    const schedule = new ScheduleSource({
      functionName: name,
      pool,
      intervalMs: rate * 60_000,
      region: localRegion,
      accountId: sqs.store.accountId,
      onLine,
    });
    if (options.schedules !== false) schedule.start();
    schedules.set(name, schedule);
  }

  return {
    url: gateway.url,
    dynamodbEndpoint: dynamodb.endpoint,
    tableName,
    pools,
    sqs: { url: sqs.url, store: sqs.store, queues: jobQueues },
    eventSources,
    schedules,
    async close() {
      // Pollers stop first; a batch in a container that is then ended comes back later, as
      // after a Lambda timeout (its messages are on disk).
      const sourcesStopped = Promise.all(
        [...eventSources.values(), ...schedules.values()].map((source) => source.close()),
      );
      await gateway.close();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await sourcesStopped;
      pollingClient.destroy();
      await sqs.close();
      await bundles.close();
      await dynamodb.close();
      if (!persistent) await rm(base, { recursive: true, force: true });
    },
  };
}

/**
 * What only the local runtime sets: webhooks may call this machine (the
 * receiver is local), and a test's shorter retry backoff reaches the worker.
 */
function localOnlyEnvironment(
  name: FunctionName,
  jobQueues: Record<QueueName, LocalJobQueue>,
): Record<string, string> {
  const queue = queueOfWorker(name);
  const backoff = queue ? jobQueues[queue].spec.retryBackoff : undefined;
  return {
    WEBHOOK_URLS_ALLOW_LOOPBACK: 'true',
    ...(backoff ? { LOCAL_RETRY_BACKOFF: `${backoff.baseSeconds},${backoff.maxSeconds}` } : {}),
  };
}

function printLine(functionName: string, line: string): void {
  process.stdout.write(`\x1b[36m[${functionName}]\x1b[0m ${line}\n`);
}
