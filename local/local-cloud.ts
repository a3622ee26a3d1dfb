import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functionEnvironment, functions, routes, service, type FunctionSpec } from '../lib/service';
import { jwksPage } from './auth/jwks-page';
import { localAuthorizer } from './auth/local-authorizer';
import { LocalIssuer } from './auth/local-issuer';
import { dashboardPages, dashboardPaths } from './dashboard/dashboard-pages';
import { LocalMetrics, type QueueStatsProvider } from './dashboard/local-metrics';
import { dataDir as defaultDataDir, subDir } from './data-dir';
import { ensureTable, startDynamoDB } from './dynamodb/dynamodb-server';
import { startGateway } from './gateway/gateway-server';
import { routeKey, type GatewayRoute } from './gateway/gateway-route';
import { buildFunctionBundles, RUNTIME_ENTRY } from './lambda/function-bundles';
import { LambdaPool } from './lambda/lambda-pool';
import { localCredentials, localRegion } from './local-credentials';
import { LogPrinter, type LogFormat } from './logs/log-printer';
import { startSamplePartner, type SamplePartner } from './partner/sample-partner';
import { startS3Server, type S3EventMessage } from './s3';
import { mediaBucketCors } from './s3/media-bucket-cors';

export interface LocalCloudOptions {
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly dynamodbPort?: number;
  /** The local S3 endpoint; 0 (the default) picks a free port. */
  readonly s3Port?: number;
  /** Where the media bucket's upload events go (the media queue, once there is one). */
  readonly onMediaEvent?: (message: S3EventMessage) => Promise<void>;
  /** Keep state on disk here; without it, everything is in memory and temporary (tests). */
  readonly dataDir?: string;
  /** Rebuild and reload functions when their sources change. */
  readonly watch?: boolean;
  /** Where container output goes; by default, stdout prefixed with the function's name. */
  readonly onLine?: (functionName: string, line: string) => void;
  readonly integrationTimeoutMs?: number;
  /** How the default printer shows container output (`LOG_FORMAT`); `pretty` unless set. */
  readonly logFormat?: LogFormat;
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
  /** The SQS endpoint, once the local queue service is wired in (`npm run dev` prints it). */
  readonly queueEndpoint?: string;
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

  // Namespaced per cloud: two clouds in one process never share the in-process cache.
  const cacheUrl = options.cacheUrl || `memory://${randomUUID()}`;
  const partner = options.partnerApiUrl
    ? undefined
    : await startSamplePartner({ port: options.partnerPort ?? 0 });
  const partnerApiUrl = options.partnerApiUrl ?? partner?.url ?? '';

  const mediaBucket = service.media.bucketName;
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
        deliver: options.onMediaEvent ?? (async () => undefined),
      },
    ],
  });

  const printer = new LogPrinter({
    format: options.logFormat ?? (process.env.LOG_FORMAT === 'json' ? 'json' : 'pretty'),
    color: process.stdout.isTTY === true && !process.env.NO_COLOR,
    write: (text) => process.stdout.write(text),
  });
  const onLine = options.onLine ?? ((name: string, line: string) => printer.line(name, line));
  const allFunctions: Readonly<Record<string, FunctionSpec>> = {
    ...functions,
    ...options.extraFunctions,
  };
  const allRoutes: readonly GatewayRoute[] = [...routes, ...(options.extraRoutes ?? [])];
  const metrics = new LocalMetrics(
    { routes: allRoutes.map(routeKey), functions: Object.keys(allFunctions) },
    options.queueStats,
  );
  const pools = new Map<string, LambdaPool>();
  const bundles = await buildFunctionBundles(
    await subDir(base, 'build'),
    options.watch
      ? () => {
          for (const pool of pools.values()) pool.reload();
          onLine('local', 'functions rebuilt: new invocations run the new code');
        }
      : undefined,
    options.extraFunctions,
  );

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
            // No queues are described yet; their URLs join here (for the health probe) when they are.
            { tableName, cache: { url: cacheUrl }, partnerApiUrl, queueUrls: {}, mediaBucket },
            spec,
          ),
          AWS_REGION: localRegion,
          AWS_DEFAULT_REGION: localRegion,
          AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
          AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
          AWS_ENDPOINT_URL_S3: s3.url,
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
        concurrency: spec.reservedConcurrency ?? service.local.unreservedConcurrency,
        idleReclaimMs: service.local.idleReclaimMs,
        onLine: (functionName, line) => {
          metrics.line(functionName, line);
          onLine(functionName, line);
        },
        onThrottle: (functionName) => {
          metrics.throttle(functionName);
          if (!options.onLine) {
            printer.notice(functionName, 'invocation throttled: all its containers are busy');
          }
        },
      }),
    );
  }

  const issuer = await LocalIssuer.inDataDir(base);
  const gateway = await startGateway({
    port: options.port ?? 0,
    pools,
    routes: allRoutes,
    integrationTimeoutMs: options.integrationTimeoutMs,
    authorize: localAuthorizer(issuer),
    onAccessLog: (entry) => metrics.accessLog(entry),
    // The dashboard's pages, then the issuer's JWKS.
    localPages: (request, response, url) =>
      dashboardPages(metrics, service.name)(request, response, url) ||
      jwksPage(issuer)(request, response, url),
  });

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
    async close() {
      await gateway.close();
      await Promise.all([...pools.values()].map((pool) => pool.close()));
      await bundles.close();
      await s3.close();
      await dynamodb.close();
      await partner?.close();
      if (!persistent) await rm(base, { recursive: true, force: true });
    },
  };
}
