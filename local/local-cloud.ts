import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  functionEnvironment,
  functions,
  localCloudEnvironment,
  queueEnvironment,
  queueNames,
  routes,
  service,
  workerOf,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
} from '../lib/description';
import { jwksPage } from './auth/jwks-page';
import { localAuthorizer } from './auth/local-authorizer';
import { LocalIssuer } from './auth/local-issuer';
import { dashboardPages, dashboardPaths } from './dashboard/dashboard-pages';
import { LocalDashboard, localScope } from './dashboard/local-dashboard';
import { LocalMetrics, type QueueStatsProvider } from './dashboard/local-metrics';
import { dataDir as defaultDataDir, subDir } from './data-dir';
import { ensureTable, startDynamoDB } from './dynamodb/dynamodb-server';
import { ScheduleSource } from './event-sources/schedule-source';
import { SqsEventSource } from './event-sources/sqs-event-source';
import { apiDocumentPages } from './gateway/api-document-pages';
import type { ClientRateLimit } from './gateway/client-rate-rule';
import { startGateway } from './gateway/gateway-server';
import { routeKey, type GatewayRoute } from './gateway/gateway-route';
import { buildFunctionBundles, RUNTIME_ENTRY } from './lambda/function-bundles';
import { AccountConcurrency } from './lambda/account-concurrency';
import { LambdaEvents, logStreamLine } from './lambda/lambda-events';
import { LambdaPool } from './lambda/lambda-pool';
import { localCredentials, localRegion } from './local-credentials';
import { LogPrinter, type LogFormat } from './logs/log-printer';
import { ensureJobQueues, type LocalJobQueue, type QueueOverrides } from './job-queues';
import { startSamplePartner, type SamplePartner } from './partner/sample-partner';
import { startS3Server } from './s3';
import { mediaBucketCors } from './s3/media-bucket-cors';
import { startSqsServer, type QueueStore } from './sqs';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly dynamodbPort?: number;
  /** The local S3 endpoint; 0 (the default) picks a free port. */
  readonly s3Port?: number;
  /** Keep state on disk here; without it, everything is in memory and temporary (tests). */
  readonly dataDir?: string;
  /** Rebuild and reload functions when their sources change. */
  readonly watch?: boolean;
  /**
   * A folder where `buildFunctionBundles` already built the description's functions (the
   * test suite builds them once for all its files, `test/support/function-bundles-setup.ts`,
   * and names the folder in `LOCAL_PREBUILT_BUNDLES`): only `extraFunctions` are built then.
   * Ignored with `watch`, which builds and watches every function.
   */
  readonly prebuiltBundles?: string;
  /** Where container output goes; by default, stdout prefixed with the function's name. */
  readonly onLine?: (functionName: string, line: string) => void;
  readonly integrationTimeoutMs?: number;
  /**
   * false: API Gateway's throttles and WAF's per-address rule off (benchmarks measure the
   * runtime, not the configured rates).
   */
  readonly throttling?: boolean;
  /** The per-address limit on the public reads; `service.api.waf` unless a test shrinks it. */
  readonly clientRateLimit?: ClientRateLimit;
  /** How the default printer shows container output (`LOG_FORMAT`); `pretty` unless set. */
  readonly logFormat?: LogFormat;
  /** Colour in the default printer's output; by default when stdout is a terminal and `NO_COLOR` is unset. */
  readonly color?: boolean;
  /**
   * Functions and routes beyond the description's (test fixtures): bundled, pooled and
   * routed exactly like the real ones.
   */
  readonly extraFunctions?: Readonly<Record<string, FunctionSpec>>;
  readonly extraRoutes?: readonly GatewayRoute[];
  /** Queue depths for the dashboard (the local SQS `QueueStore`), when a queue service runs. */
  readonly queueStats?: QueueStatsProvider;
  /** `redis://…` for a real Valkey/Redis; by default an in-process cache per container. */
  readonly cacheUrl?: string;
  /** The partner API; by default a sample partner on loopback (see `partner`). */
  readonly partnerApiUrl?: string;
  /** Port of the sample partner; 0 (the default) picks a free one. */
  readonly partnerPort?: number;
  /** The queue service's port; 0 (the default) picks a free one. `npm run dev` uses 9324. */
  readonly sqsPort?: number;
  /** Shorter queue settings for tests (visibility timeout, maxReceiveCount, backoff...). */
  readonly queues?: Partial<Record<QueueName, QueueOverrides>>;
  /** Poll the queues and invoke the workers (default true). */
  readonly eventSources?: boolean;
  /** Run scheduled functions on their interval (default true); `schedules` can run them now. */
  readonly schedules?: boolean;
  /**
   * Local time compression of the dashboard and the alarms: every period is
   * divided by this (12: a one-minute point or alarm period lasts 5 s).
   * Default 1, CloudWatch's own periods. At most 120 (half-second periods).
   */
  readonly timeScale?: number;
  /**
   * false: queue workers at normal priority. On a machine others keep busy, nice 19 starves
   * them into timeouts (`npm run chaos` measures the service, not the scheduler).
   */
  readonly niceWorkers?: boolean;
  /**
   * Addresses the cloud's own clients (the functions, the event sources, S3's notifications)
   * use for DynamoDB and SQS instead of the servers' own: `npm run chaos` puts its fault
   * proxies there. The servers still listen on their own ports.
   */
  readonly clientEndpoints?: { readonly dynamodb?: string; readonly sqs?: string };
  /** Where a notifying alarm's change of state is told, as its SNS message would be; by default the log. */
  readonly onAlarm?: (line: string) => void;
}

export interface LocalCloud {
  readonly url: string;
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  readonly s3Endpoint: string;
  readonly mediaBucket: string;
  /** What the cache-using functions get as CACHE_URL (`memory://…` when in-process). */
  readonly cacheUrl: string;
  readonly partnerApiUrl: string;
  /** The sample partner, when no partner URL was given. */
  readonly partner?: SamplePartner;
  /** Signs the tokens the gateway accepts (its key is in the data folder). */
  readonly issuer: LocalIssuer;
  readonly pools: ReadonlyMap<string, LambdaPool>;
  /** The live dashboard page, and the metrics behind it. */
  readonly dashboardUrl: string;
  readonly metrics: LocalMetrics;
  /** The description's dashboard and alarms, on the local metrics. */
  readonly dashboard: LocalDashboard;
  /** The local SQS: its endpoint, its store (queue depths for the dashboard), the job queues. */
  readonly sqs: {
    readonly url: string;
    readonly store: QueueStore;
    readonly queues: Readonly<Record<QueueName, LocalJobQueue>>;
  };
  /** One event source mapping per queue, polling it for its worker. */
  readonly eventSources: ReadonlyMap<QueueName, SqsEventSource>;
  /** One schedule per scheduled function (the sweeper). */
  readonly schedules: ReadonlyMap<string, ScheduleSource>;
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
  const sqsEndpoint = options.clientEndpoints?.sqs ?? sqs.url;
  const dynamodbEndpoint = options.clientEndpoints?.dynamodb ?? dynamodb.endpoint;
  const jobQueues = ensureJobQueues(sqs.store, sqsEndpoint, options.queues);

  // Namespaced per cloud: two clouds in one process never share the in-process cache.
  const cacheUrl = options.cacheUrl || `memory://${randomUUID()}`;
  const partner = options.partnerApiUrl
    ? undefined
    : await startSamplePartner({ port: options.partnerPort ?? 0 });
  const partnerApiUrl = options.partnerApiUrl ?? partner?.url ?? '';

  const mediaBucket = service.media.bucketName;
  const s3Events = new SQSClient({
    endpoint: sqsEndpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const s3 = await startS3Server({
    port: options.s3Port ?? 0,
    dataDir: await subDir(base, 's3'),
    region: localRegion,
    credentials: new Map([[localCredentials.accessKeyId, localCredentials.secretAccessKey]]),
    buckets: [{ name: mediaBucket, cors: mediaBucketCors() }],
    notifications: [
      {
        id: 'media-uploads',
        bucket: mediaBucket,
        events: ['s3:ObjectCreated:*'],
        prefix: service.media.prefixes.uploads,
        // As S3 sends to SQS: the event message is the body, one message per event.
        deliver: async (message) => {
          await s3Events.send(
            new SendMessageCommand({
              QueueUrl: jobQueues.media.url,
              MessageBody: JSON.stringify(message),
            }),
          );
        },
      },
    ],
  });

  const queueUrls = Object.fromEntries(queueNames.map((queue) => [queue, jobQueues[queue].url]));

  const printer = new LogPrinter({
    format: options.logFormat ?? (process.env.LOG_FORMAT === 'json' ? 'json' : 'pretty'),
    color: options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR),
    write: (text) => process.stdout.write(text),
  });
  const onLine = options.onLine ?? ((name: string, line: string) => printer.line(name, line));
  const allFunctions: Readonly<Record<string, FunctionSpec>> = {
    ...functions,
    ...options.extraFunctions,
  };
  const allRoutes: readonly GatewayRoute[] = [...routes, ...(options.extraRoutes ?? [])];
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale >= 1 && timeScale <= 120)) {
    throw new Error(`timeScale must be between 1 and 120, not ${timeScale}`);
  }
  const metrics = new LocalMetrics(
    { routes: allRoutes.map(routeKey), functions: Object.keys(allFunctions) },
    options.queueStats ?? sqs.store,
    (60 * 60_000) / timeScale,
  );
  const alarmLine = options.onAlarm ?? ((line: string) => printer.notice('alarm', line));
  const dashboard = new LocalDashboard(
    metrics,
    localScope({ functions: allFunctions, queues: jobQueues, tableName, region: localRegion }),
    timeScale,
    (alarm, change) => {
      // What reaches an operator: the alarms with an SNS action, on ALARM and on recovery.
      if (!alarm.notifies) return;
      if (change.to === 'ALARM' || (change.to === 'OK' && change.from === 'ALARM')) {
        alarmLine(`${change.to} ${alarm.name}: ${alarm.description} (${change.reason})`);
      }
    },
  );
  const lambdaEvents = new LambdaEvents();
  lambdaEvents.subscribe((event) => metrics.lambdaEvent(event));
  const { onLine: rawLines } = options;
  lambdaEvents.subscribe(
    rawLines
      ? (event) => {
          const line = logStreamLine(event);
          if (line !== undefined) rawLines(event.functionName, line);
        }
      : (event) => printer.event(event),
  );
  const pools = new Map<string, LambdaPool>();
  // Lambda's unreserved concurrency: the account's, less what functions reserve.
  const unreserved = new AccountConcurrency(
    service.local.accountConcurrency -
      Object.values(allFunctions).reduce((sum, spec) => sum + (spec.reservedConcurrency ?? 0), 0),
  );
  const bundles = await buildFunctionBundles(
    await subDir(base, 'build'),
    options.watch
      ? () => {
          for (const pool of pools.values()) pool.reload();
          onLine('local', 'functions rebuilt: new invocations run the new code');
        }
      : undefined,
    options.extraFunctions,
    options.watch
      ? undefined
      : (options.prebuiltBundles ?? (process.env.LOCAL_PREBUILT_BUNDLES || undefined)),
  );

  // KMS's stand-in: one AES key in the data folder, given only to the functions with `secrets`.
  const secretsKey = await localSecretsKey(base);
  const queueWorkers = new Set<string>(queueNames.map((queue) => workerOf(queue)));
  for (const [name, spec] of Object.entries(allFunctions)) {
    pools.set(
      name,
      new LambdaPool({
        name,
        spec,
        runtimePath: bundles.path(RUNTIME_ENTRY),
        bundlePath: bundles.path(name),
        environment: {
          ...functionEnvironment(
            {
              tableName,
              cache: { url: cacheUrl },
              partnerApiUrl,
              queueUrls,
              mediaBucket,
              secretsKey,
            },
            spec,
          ),
          AWS_REGION: localRegion,
          AWS_DEFAULT_REGION: localRegion,
          ...localCloudEnvironment(
            {
              endpoints: { dynamodb: dynamodbEndpoint, s3: s3.url, sqs: sqsEndpoint },
              credentials: localCredentials,
              retryBackoff: (queue) => jobQueues[queue].spec.retryBackoff,
              maxReceiveCount: (queue) => jobQueues[queue].spec.maxReceiveCount,
            },
            isDescribed(name) ? name : undefined,
          ),
          ...(isDescribed(name) ? queueEnvironment(name, (queue) => jobQueues[queue].url) : {}),
          AWS_LAMBDA_FUNCTION_NAME: name,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          // Powertools reports a cold start only in an on-demand sandbox, as Lambda marks it.
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
          AWS_LAMBDA_LOG_STREAM_NAME: 'local',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
          TZ: 'UTC',
        },
        concurrency: spec.reservedConcurrency,
        unreserved,
        idleReclaimMs: service.local.idleReclaimMs,
        // Queue workers share this machine's cores with the API (on AWS they would not):
        // at nice 19 they take only what the API leaves (bench/README.md, load).
        niceness: queueWorkers.has(name) && options.niceWorkers !== false ? 19 : undefined,
        events: lambdaEvents,
      }),
    );
  }

  const issuer = await LocalIssuer.inDataDir(base);
  const gateway = await startGateway({
    port: options.port ?? 0,
    pools,
    routes: allRoutes,
    integrationTimeoutMs: options.integrationTimeoutMs,
    throttling: options.throttling,
    ...(options.clientRateLimit ? { clientRateLimit: options.clientRateLimit } : {}),
    authorize: localAuthorizer(issuer),
    onAccessLog: (entry) => metrics.accessLog(entry),
    documentPages: apiDocumentPages(),
    // The dashboard's pages, then the issuer's JWKS.
    localPages: (request, response, url) =>
      dashboardPages(metrics, dashboard, service.name)(request, response, url) ||
      jwksPage(issuer)(request, response, url),
  });

  const pollingClient = new SQSClient({
    endpoint: sqsEndpoint,
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

  // CloudWatch samples concurrency and queue depths; the alarms are evaluated as periods end.
  const sampler = setInterval(
    () => {
      metrics.sample(new Map([...pools].map(([name, pool]) => [name, pool.running])));
      dashboard.evaluator.evaluate();
    },
    Math.min(1_000, 60_000 / timeScale / 4),
  );
  sampler.unref();

  const schedules = new Map<string, ScheduleSource>();
  for (const [name, pool] of pools) {
    const rate = allFunctions[name]?.schedule?.rateMinutes;
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
  // What a scheduled function records (the cache's status) is there before the first request.
  await Promise.all(
    [...schedules]
      .filter(([name]) => allFunctions[name]?.schedule?.runAtStart && options.schedules !== false)
      .map(([, schedule]) => schedule.runNow()),
  );

  return {
    url: gateway.url,
    dynamodbEndpoint: dynamodb.endpoint,
    tableName,
    s3Endpoint: s3.url,
    mediaBucket,
    cacheUrl,
    partnerApiUrl,
    partner,
    pools,
    issuer,
    dashboardUrl: `${gateway.url}${dashboardPaths.page}`,
    metrics,
    dashboard,
    sqs: { url: sqs.url, store: sqs.store, queues: jobQueues },
    eventSources,
    schedules,
    async close() {
      clearInterval(sampler);
      // Pollers stop first; a batch in a container that is then ended comes back later, as
      // after a Lambda timeout (its messages are on disk).
      const sourcesStopped = Promise.all(
        [...eventSources.values(), ...schedules.values()].map((source) => source.close()),
      );
      await gateway.close();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await sourcesStopped;
      pollingClient.destroy();
      // The bucket's last event deliveries go to the queue before it closes.
      await s3.close();
      s3Events.destroy();
      await sqs.close();
      await bundles.close();
      await dynamodb.close();
      await partner?.close();
      if (!persistent) await rm(base, { recursive: true, force: true });
    },
  };
}

/** A function of the description (not a test fixture). */
function isDescribed(name: string): name is FunctionName {
  return name in functions;
}

/** The local webhook secrets key, `local:<base64>`, made on first use and kept in the data folder. */
async function localSecretsKey(base: string): Promise<string> {
  const file = join(await subDir(base, 'secrets'), 'webhook-secrets.key');
  try {
    return `local:${(await readFile(file, 'utf8')).trim()}`;
  } catch {
    const key = randomBytes(32).toString('base64');
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    return `local:${key}`;
  }
}
