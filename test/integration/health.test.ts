import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../functions/adapters/cache/key-value-store';
import { MemoryStore } from '../../functions/adapters/cache/memory-store';
import { ValkeyStore } from '../../functions/adapters/cache/valkey-store';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { CacheStatusTable } from '../../functions/adapters/health/cache-status-table';
import {
  cacheProbe,
  cacheRecordStaleAfterMs,
  queueProbe,
  recordedCacheProbe,
  tableProbe,
} from '../../functions/adapters/health/health-probes';
import { checkHealth, type HealthReport } from '../../functions/domain/health';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { functions, service } from '../../lib/description';
import { apiEvent, lambdaContext, withClaims } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';
import {
  findRedisServer,
  freePort,
  startRedisServer,
  type RedisServer,
} from '../support/redis-server';
import { startSilentServer } from '../support/tcp-proxy';

/**
 * GET /health's probes against real services: dynalite, the local SQS
 * service, Valkey/Redis when there is one; and servers that accept a
 * connection and never answer, to show the answer still comes in its budget.
 */
let table: Awaited<ReturnType<typeof localTable>>;
let sqsServer: SqsServer;
let sqsDir: string;
let sqs: SQSClient;
let queueUrl: string;
/**
 * The working dependencies' clients, opened in `beforeAll` as a container opens its own in
 * init (the health function runs its probes once there): a cold client's first call (code
 * compiled, connection opened) outlasted a probe's timeout on a loaded host, and a report
 * of working dependencies read `degraded`. What these tests measure is the dependencies.
 */
let db: DynamoDBDocumentClient;
let redis: RedisServer | undefined;
let silent: Awaited<ReturnType<typeof startSilentServer>>;
const stores: KeyValueStore[] = [];
const budgetMs = service.health.budgetMs;
const sdk = functions.health.sdk;

beforeAll(async () => {
  table = await localTable();
  sqsDir = await mkdtemp(join(tmpdir(), 'health-sqs-'));
  sqsServer = await startSqsServer({ port: 0, dataDir: sqsDir });
  sqs = sqsClient(sqsServer.url);
  ({ QueueUrl: queueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' })));
  db = documentClient(sdk);
  await checkHealth([tableProbe(db, table.tableName), queueProbe(sqs, 'jobs', queueUrl)], budgetMs);
  silent = await startSilentServer();
  const binary = await findRedisServer();
  if (binary) redis = await startRedisServer(binary);
  else
    console.warn('health tests: no redis-server on PATH; the working cache is the in-process one');
});
afterAll(async () => {
  for (const store of stores) await store.close();
  sqs.destroy();
  await sqsServer.close();
  await rm(sqsDir, { recursive: true, force: true });
  await silent.close();
  await redis?.stop();
  await table.close();
});

function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: sdk.maxAttempts,
  });
}

function valkey(url: string): ValkeyStore {
  const c = service.cache;
  const store = new ValkeyStore({
    url,
    commandTimeoutMs: c.commandTimeoutMs,
    connectTimeoutMs: c.connectTimeoutMs,
    reconnectBackoffMs: c.reconnectBackoffMs,
    timeoutsBeforeReconnect: c.timeoutsBeforeReconnect,
  });
  stores.push(store);
  return store;
}

/** A cache that answers, connected (as a container's is, opened in init: `open()`). */
async function workingCache(): Promise<KeyValueStore> {
  if (!redis) return new MemoryStore({ maxEntries: 10 });
  const store = valkey(redis.url);
  await store.ping(service.cache.connectTimeoutMs);
  return store;
}

const dynamodbAt = (endpoint: string) => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  try {
    return documentClient(sdk);
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  }
};

async function timed(run: () => Promise<HealthReport>) {
  const started = performance.now();
  const report = await run();
  return { report, ms: performance.now() - started };
}

describe('the health probes', () => {
  it('reports healthy with every check ok and its latency', async () => {
    const report = await checkHealth(
      [
        tableProbe(db, table.tableName),
        queueProbe(sqs, 'jobs', queueUrl),
        cacheProbe(await workingCache()),
      ],
      budgetMs,
    );
    expect(report.status).toBe('healthy');
    expect(Object.keys(report.checks).sort()).toEqual(['cache', 'dynamodb', 'queue:jobs']);
    for (const check of Object.values(report.checks)) {
      expect(check).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
    }
  });

  it('is degraded, not unhealthy, when only the cache fails', async () => {
    const nothingThere = `redis://127.0.0.1:${await freePort()}`;
    const report = await checkHealth(
      [
        tableProbe(db, table.tableName),
        queueProbe(sqs, 'jobs', queueUrl),
        cacheProbe(valkey(nothingThere)),
      ],
      budgetMs,
    );
    expect(report.status).toBe('degraded');
    expect(report.checks.cache).toMatchObject({ status: 'failed', detail: 'CacheUnavailable' });
    expect(report.checks.dynamodb?.status).toBe('ok');
  });

  it('is unhealthy when a queue fails, and says which', async () => {
    const missing = queueUrl.replace(/jobs$/, 'no-such-queue');
    const report = await checkHealth(
      [
        tableProbe(db, table.tableName),
        queueProbe(sqs, 'jobs', queueUrl),
        queueProbe(sqs, 'gone', missing),
        cacheProbe(await workingCache()),
      ],
      budgetMs,
    );
    expect(report.status).toBe('unhealthy');
    expect(report.checks['queue:gone']).toMatchObject({ status: 'failed' });
    expect(report.checks['queue:gone']?.detail).toMatch(/QueueDoesNotExist|NonExistentQueue/);
    expect(report.checks['queue:jobs']?.status).toBe('ok');
  });

  it('is unhealthy when DynamoDB fails', async () => {
    const down = dynamodbAt(`http://127.0.0.1:${await freePort()}`);
    const report = await checkHealth(
      [tableProbe(down, table.tableName), cacheProbe(await workingCache())],
      budgetMs,
    );
    expect(report.status).toBe('unhealthy');
    expect(report.checks.dynamodb?.status).toMatch(/failed|timeout/);
    expect(report.checks.cache?.status).toBe('ok');
  });

  it('reports a cache that is not configured as disabled, and stays healthy', async () => {
    const report = await checkHealth(
      [tableProbe(db, table.tableName), cacheProbe(undefined)],
      budgetMs,
    );
    expect(report).toEqual({
      status: 'healthy',
      checks: {
        dynamodb: { status: 'ok', latency_ms: expect.any(Number) },
        cache: { status: 'disabled', latency_ms: 0 },
      },
    });
  });

  it('answers within its budget when every dependency hangs', async () => {
    const hanging = `127.0.0.1:${silent.port}`;
    const { report, ms } = await timed(() =>
      checkHealth(
        [
          tableProbe(dynamodbAt(`http://${hanging}`), table.tableName),
          queueProbe(sqsClient(`http://${hanging}`), 'jobs', `http://${hanging}/000000000000/jobs`),
          cacheProbe(valkey(`redis://${hanging}`)),
        ],
        budgetMs,
      ),
    );
    // The budget is the behaviour; the margin is a loaded 2-core machine's, and far under what
    // a probe that ignored it would take (the silent server never answers).
    expect(ms).toBeLessThan(budgetMs + 1_000);
    expect(report.status).toBe('unhealthy');
    expect(report.checks.dynamodb?.status).toBe('timeout');
    expect(report.checks['queue:jobs']?.status).toBe('timeout');
    expect(report.checks.cache?.status).toBe('timeout');
  });

  it('is degraded within its budget when only the cache hangs', async () => {
    const { report, ms } = await timed(() =>
      checkHealth(
        [tableProbe(db, table.tableName), cacheProbe(valkey(`redis://127.0.0.1:${silent.port}`))],
        budgetMs,
      ),
    );
    // The budget is the behaviour; the margin is a loaded 2-core machine's, and far under what
    // a probe that ignored it would take (the silent server never answers).
    expect(ms).toBeLessThan(budgetMs + 1_000);
    expect(report.status).toBe('degraded');
    expect(report.checks.cache?.status).toBe('timeout');
  });
});

describe('GET /health (the handler)', () => {
  type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

  it('answers 503 with every check when a described queue is missing', async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SQS: sqsServer.url,
      QUEUE_URLS: JSON.stringify({
        jobs: queueUrl,
        missing: queueUrl.replace(/jobs$/, 'missing'),
      }),
    });
    const { handler } = (await import('../../functions/api/health')) as { handler: Handler };
    const operator = withClaims({ sub: 'ops', 'cognito:groups': '[operators]' });
    const answer = await handler(
      apiEvent({ path: '/health/details', resource: '/health/details', requestContext: operator }),
      lambdaContext('health'),
    );
    expect(answer.statusCode).toBe(503);
    expect(answer.headers?.['content-type']).toBe('application/json');
    expect(answer.headers?.['cache-control']).toBe('no-store');
    const body = JSON.parse(answer.body) as HealthReport;
    expect(body.status).toBe('unhealthy');
    expect(body.checks).toMatchObject({
      dynamodb: { status: 'ok' },
      // No prober's record here, and the health function never opens the cache itself.
      cache: { status: 'disabled' },
      'queue:jobs': { status: 'ok' },
      'queue:missing': { status: 'failed' },
    });
  });
});

describe('the cache, as its prober inside the VPC recorded it', () => {
  const statuses = () => new CacheStatusTable(db, table.tableName);
  const staleAfterMs = cacheRecordStaleAfterMs();
  const recorded = (now?: () => Date) =>
    recordedCacheProbe(
      (signal) => statuses().withSignal(signal).read(),
      staleAfterMs,
      undefined,
      now,
    );
  const withTable = (cache: ReturnType<typeof recorded>) =>
    checkHealth([tableProbe(db, table.tableName), cache], budgetMs);

  it('reports what the scheduled prober found, read from the table', async () => {
    type Handler = (event: unknown, context: unknown) => Promise<{ status: string }>;
    process.env.CACHE_URL = 'memory://cache-probe-test';
    const { handler } = (await import('../../functions/workers/probe-cache')) as {
      handler: Handler;
    };
    expect(await handler({}, lambdaContext('cacheProbe'))).toMatchObject({ status: 'ok' });
    const report = await withTable(recorded());
    expect(report.status).toBe('healthy');
    expect(report.checks.cache).toEqual({ status: 'ok', latency_ms: expect.any(Number) });
  });

  it('is degraded when the prober found the cache failing, with its reason', async () => {
    await statuses().record(
      { status: 'failed', latency_ms: 3, detail: 'CacheUnavailable' },
      new Date(),
    );
    const report = await withTable(recorded());
    expect(report.status).toBe('degraded');
    expect(report.checks.cache).toEqual({
      status: 'failed',
      latency_ms: 3,
      detail: 'CacheUnavailable',
    });
  });

  it('is degraded when the prober has stopped recording', async () => {
    await statuses().record({ status: 'ok', latency_ms: 1 }, new Date());
    const later = () => new Date(Date.now() + staleAfterMs + 1_000);
    const report = await withTable(recorded(later));
    expect(report.status).toBe('degraded');
    expect(report.checks.cache).toMatchObject({ status: 'failed', detail: 'ProbeStale' });
  });

  it('is unhealthy, and the cache unknown, when DynamoDB does not answer', async () => {
    const unreachable = recordedCacheProbe(
      (signal) =>
        new CacheStatusTable(dynamodbAt(`http://127.0.0.1:${silent.port}`), table.tableName)
          .withSignal(signal)
          .read(),
      staleAfterMs,
      200,
    );
    const report = await checkHealth(
      [
        tableProbe(dynamodbAt(`http://127.0.0.1:${silent.port}`), table.tableName, 200),
        unreachable,
      ],
      budgetMs,
    );
    expect(report.status).toBe('unhealthy');
    expect(report.checks.cache?.status).toBe('timeout');
  });
});
