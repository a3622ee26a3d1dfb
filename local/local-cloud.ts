import { randomUUID } from 'node:crypto';
import { functions, routes, service, type FunctionSpec, type QueueName } from '../lib/description';
import { authService } from './auth/auth-service';
import { jwksPage } from './auth/jwks-page';
import { localAuthorizer } from './auth/local-authorizer';
import type { LocalIssuer } from './auth/local-issuer';
import { dashboardPages, dashboardPaths } from './dashboard/dashboard-pages';
import { dashboardService } from './dashboard/dashboard-service';
import type { LocalDashboard } from './dashboard/local-dashboard';
import type { LocalMetrics, QueueStatsProvider } from './dashboard/local-metrics';
import { dataFolderService, subDir } from './data-dir';
import { dynamodbService } from './dynamodb/dynamodb-service';
import { eventSourcesService } from './event-sources/event-sources-service';
import type { ScheduleSource } from './event-sources/schedule-source';
import type { SqsEventSource } from './event-sources/sqs-event-source';
import { apiDocumentPages } from './gateway/api-document-pages';
import type { ClientRateLimit } from './gateway/client-rate-rule';
import { routeKey, type GatewayRoute } from './gateway/gateway-route';
import { gatewayService } from './gateway/gateway-service';
import { LambdaEvents, type LambdaEventListener } from './lambda/lambda-events';
import type { LambdaPool } from './lambda/lambda-pool';
import { lambdaService } from './lambda/lambda-service';
import { ensureJobQueues, type LocalJobQueue, type QueueOverrides } from './job-queues';
import { batchedOutput } from './logs/batched-output';
import { LogPrinter, type LogFormat } from './logs/log-printer';
import { logsService } from './logs/logs-service';
import { partnerService } from './partner/partner-service';
import type { SamplePartner } from './partner/sample-partner';
import { s3Service } from './s3/s3-service';
import { ServiceStack } from './service-stack';
import type { QueueStore } from './sqs';
import { sqsService } from './sqs/sqs-service';

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
  /**
   * Every line of the functions' log streams (START, END and REPORT included) and of the
   * event sources, instead of the printer (by default, stdout prefixed with the name).
   */
  readonly onLine?: (functionName: string, line: string) => void;
  /**
   * The Lambda pools' structured events (invoke, end, report, log line, metrics, throttle)
   * instead of the printer and `onLine`, which still get the event sources' lines: a reader
   * that counts them (the load benchmark) formats no START, END or REPORT line to parse back.
   */
  readonly onEvent?: LambdaEventListener;
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
   * false: queue workers at normal priority. On a machine others keep busy, nice 19 and
   * SCHED_IDLE (docs/local-runtime.md, "CPU isolation") starve them into timeouts (`npm run
   * chaos` measures the service, not the scheduler).
   */
  readonly niceWorkers?: boolean;
  /**
   * true: a function's scale-out containers run at nice 10 (docs/local-runtime.md, "CPU
   * isolation"), as `npm run dev` and the benchmarks run them. Off by default: a test suite
   * that keeps both cores busy with nice-0 work would starve them into timeouts.
   */
  readonly niceScaleOut?: boolean;
  /**
   * A folder where the containers keep V8's compile cache of their bundles (Node 22.1 and
   * later; `LOCAL_COMPILE_CACHE` when not given): a container after the first of a bundle
   * skips parsing and compiling it, about a fifth of its import's CPU. Off by default, so a
   * REPORT's Init Duration is a whole import, as a new Lambda sandbox pays it. The test suite
   * turns it on for its hundreds of containers (test/support/setup.ts).
   */
  readonly compileCache?: string;
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
  /**
   * The data folder (`dataDir`, or the temporary one made without it): the token signing
   * key in it is what `npm run token` and `npm run smoke` sign with (LOCAL_DATA_DIR).
   */
  readonly dataDir: string;
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
 * The whole service on this machine: dynalite as DynamoDB, the local SQS and S3, a Lambda
 * pool per function running the same bundles that deploy, API Gateway in front, and the
 * dashboard. Each is a service of its own (`LocalService`), started here in order and
 * closed in reverse; if one fails to start, those before it are closed and the error
 * names it.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const stack = new ServiceStack();
  const stdout = batchedOutput((text) => process.stdout.write(text));
  const printer = new LogPrinter({
    format: options.logFormat ?? (process.env.LOG_FORMAT === 'json' ? 'json' : 'pretty'),
    color: options.color ?? (process.stdout.isTTY === true && !process.env.NO_COLOR),
    write: stdout.write,
  });
  const onLine = options.onLine ?? ((name: string, line: string) => printer.line(name, line));
  const allFunctions: Readonly<Record<string, FunctionSpec>> = {
    ...functions,
    ...options.extraFunctions,
  };
  const allRoutes: readonly GatewayRoute[] = [...routes, ...(options.extraRoutes ?? [])];
  const tableName = service.table.name;
  const mediaBucket = service.media.bucketName;
  // Namespaced per cloud: two clouds in one process never share the in-process cache.
  const cacheUrl = options.cacheUrl || `memory://${randomUUID()}`;
  const events = new LambdaEvents();

  const data = await stack.start(dataFolderService(options.dataDir));
  const dynamodb = await stack.start(
    dynamodbService({
      port: options.dynamodbPort ?? 0,
      path: data.persistent ? await subDir(data.path, 'dynamodb') : undefined,
      tableName,
    }),
  );
  const sqs = await stack.start(
    sqsService({ port: options.sqsPort ?? 0, dataDir: await subDir(data.path, 'sqs') }),
  );
  const sqsEndpoint = options.clientEndpoints?.sqs ?? sqs.url;
  const dynamodbEndpoint = options.clientEndpoints?.dynamodb ?? dynamodb.endpoint;
  const jobQueues = ensureJobQueues(sqs.store, sqsEndpoint, options.queues);
  const partner = options.partnerApiUrl
    ? undefined
    : await stack.start(partnerService({ port: options.partnerPort ?? 0 }));
  const partnerApiUrl = options.partnerApiUrl ?? partner?.url ?? '';
  const s3 = await stack.start(
    s3Service({
      port: options.s3Port ?? 0,
      dataDir: await subDir(data.path, 's3'),
      sqsEndpoint,
      mediaQueueUrl: jobQueues.media.url,
    }),
  );
  await stack.start(
    logsService({
      events,
      printer,
      onLine: options.onLine,
      onEvent: options.onEvent,
      output: stdout,
    }),
  );
  const lambda = await stack.start(
    lambdaService({
      dataDir: data.path,
      functions: allFunctions,
      extraFunctions: options.extraFunctions,
      watch: options.watch,
      prebuiltBundles: options.prebuiltBundles ?? (process.env.LOCAL_PREBUILT_BUNDLES || undefined),
      resources: {
        tableName,
        cacheUrl,
        partnerApiUrl,
        mediaBucket,
        queues: jobQueues,
        endpoints: { dynamodb: dynamodbEndpoint, s3: s3.url, sqs: sqsEndpoint },
      },
      events,
      niceWorkers: options.niceWorkers,
      niceScaleOut: options.niceScaleOut,
      compileCache: options.compileCache ?? (process.env.LOCAL_COMPILE_CACHE || undefined),
      notice: (line) => onLine('local', line),
    }),
  );
  const { pools } = lambda;
  const { metrics, dashboard } = await stack.start(
    dashboardService({
      routes: allRoutes.map(routeKey),
      functions: allFunctions,
      queues: jobQueues,
      queueStats: options.queueStats ?? sqs.store,
      pools,
      events,
      timeScale: options.timeScale ?? 1,
      onAlarm: options.onAlarm ?? ((line) => printer.notice('alarm', line)),
    }),
  );
  const issuer = await stack.start(authService({ dataDir: data.path }));
  const { eventSources, schedules } = await stack.start(
    eventSourcesService({
      functions: allFunctions,
      pools,
      queues: jobQueues,
      sqsEndpoint,
      accountId: sqs.store.accountId,
      polling: options.eventSources,
      schedules: options.schedules,
      endInvocations: lambda.endInvocations,
      onLine,
    }),
  );
  const gateway = await stack.start(
    gatewayService({
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
    }),
  );

  return {
    url: gateway.url,
    dataDir: data.path,
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
    close: () => stack.close(),
  };
}
