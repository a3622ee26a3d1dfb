import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { vi } from 'vitest';
import {
  functionEnvironment,
  functions,
  localCloudEnvironment,
  queueEnvironment,
  queueNames,
  service,
  type FunctionName,
  type QueueName,
} from '../../lib/description';
import {
  ensureTable,
  startDynamoDB,
  type LocalDynamoDB,
} from '../../local/dynamodb/dynamodb-server';
import { ensureJobQueues, type LocalJobQueue } from '../../local/job-queues';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { startSamplePartner, type SamplePartner } from '../../local/partner/sample-partner';
import type { S3Server } from '../../local/s3';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import { startMediaS3 } from './local-media-bucket';
import { findRedisServer, freePort, startRedisServer, type RedisServer } from './redis-server';
import { startSilentServer, startTcpProxy, type TcpProxy } from './tcp-proxy';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

/** The dependencies a fault can take away, as the description names what a function reaches. */
export const dependencies = ['dynamodb', 'queue', 'cache', 's3', 'partner'] as const;
export type Dependency = (typeof dependencies)[number];
export type FaultMode = 'down' | 'hanging';

/** What a fault replaces a dependency with: a closed loopback port, or a server that never answers. */
export interface Fault {
  readonly dependency: Dependency;
  readonly mode: FaultMode;
}

/** What one lane of cells owns: a table, queues and a media bucket no other lane touches. */
export interface FailureLane {
  readonly tableName: string;
  readonly sqsServer: SqsServer;
  readonly sqs: SQSClient;
  readonly queues: Record<QueueName, LocalJobQueue>;
  readonly s3Server: S3Server;
  readonly s3: S3Client;
  readonly bucket: string;
  /**
   * A handler of `name` loaded as a new container would load it, its environment the
   * stack's (this lane's table, queues and bucket) with `fault` applied (and `cacheUrl`
   * standing in for the cache, when given).
   */
  load<H>(name: FunctionName, fault?: Fault, cacheUrl?: string): Promise<H>;
}

/**
 * Every real service a function of the description reaches, on loopback and
 * free ports: dynalite with the table, the local SQS with every described
 * queue and DLQ, the local S3 with the media bucket (its upload events on the
 * media queue, as S3 sends them), the sample partner, a webhook receiver,
 * Valkey/Redis when installed, plus a closed port and a silent server to
 * point a dependency at instead. Handlers are loaded fresh (their own
 * "container") with the environment the stack would give them.
 *
 * The world is itself a lane; `openLane` adds another (its own table in the same
 * dynalite, its own local SQS and S3), so tests can run side by side, each seeing
 * only its own writes.
 */
export interface FailureWorld extends FailureLane {
  readonly dynamodb: LocalDynamoDB;
  readonly partner: SamplePartner;
  readonly receiver: WebhookReceiver;
  /** Undefined without valkey-server/redis-server on PATH. */
  readonly redis: RedisServer | undefined;
  /** A loopback port nothing listens on: connection refused. */
  readonly closedUrl: (scheme: string) => string;
  /** A loopback server that accepts and never answers. */
  readonly hangingUrl: (scheme: string) => string;
  /** Another lane: closed with the world. */
  openLane(): Promise<FailureLane>;
  /** A proxy in front of the real Valkey/Redis, to stall or close under a warm container. */
  cacheProxy(): Promise<TcpProxy>;
  close(): Promise<void>;
}

/**
 * `process.env` as each container sees it: while one of its calls runs (or its module
 * loads), the variables of that container, from an async context, so containers of
 * lanes running side by side each read their own. Outside any container: the process's.
 */
/**
 * @middy/core keeps the abort controller of the invocation in flight in its module, one per
 * process as in Lambda; containers that share this process would share it (one's deadline
 * aborting the others' calls), and vi.resetModules does not renew node_modules. Each
 * container imports its own copy instead (a distinct URL is a distinct ES module).
 */
const middyCore = pathToFileURL(createRequire(import.meta.url).resolve('@middy/core')).href;
let middyCopies = 0;
const importOwnMiddy = (): Promise<unknown> => import(`${middyCore}?container=${++middyCopies}`);

function containerEnvironments() {
  const original = process.env;
  const current = new AsyncLocalStorage<NodeJS.ProcessEnv>();
  const target = () => current.getStore() ?? original;
  process.env = new Proxy(original, {
    get: (_, key) => Reflect.get(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, String(value)),
    has: (_, key) => Reflect.has(target(), key),
    deleteProperty: (_, key) => Reflect.deleteProperty(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
  });
  return {
    run: <T>(environment: NodeJS.ProcessEnv, fn: () => T): T => current.run(environment, fn),
    restore: () => {
      process.env = original;
    },
  };
}

export async function startFailureWorld(): Promise<FailureWorld> {
  const dynamodb = await startDynamoDB({ port: 0 });
  const partner = await startSamplePartner();
  const receiver = await startWebhookReceiver();
  const binary = await findRedisServer();
  const redis = binary ? await startRedisServer(binary) : undefined;
  const closedPort = await freePort();
  const silent = await startSilentServer();
  const proxies: TcpProxy[] = [];
  const secretsKey = `local:${randomBytes(32).toString('base64')}`;
  const baseline = { ...process.env };
  const environments = containerEnvironments();
  // vi.resetModules and the import after it, one container at a time: a reset between
  // another load's reset and import would mix two containers' modules.
  let loading: Promise<unknown> = Promise.resolve();

  const closedUrl = (scheme: string) => `${scheme}://127.0.0.1:${closedPort}`;
  const hangingUrl = (scheme: string) => `${scheme}://127.0.0.1:${silent.port}`;
  const lanes: Array<FailureLane & { close(): Promise<void> }> = [];
  let laneCount = 0;

  async function startLane(tableName: string): Promise<FailureLane & { close(): Promise<void> }> {
    await ensureTable(dynamodb.endpoint, tableName);
    const sqsDir = await mkdtemp(join(tmpdir(), 'failure-world-sqs-'));
    const sqsServer = await startSqsServer({ port: 0, dataDir: sqsDir, flushDelayMs: 10 });
    const sqs = new SQSClient({
      endpoint: sqsServer.url,
      region: localRegion,
      credentials: localCredentials,
    });
    const queues = ensureJobQueues(sqsServer.store, sqsServer.url);
    const s3Dir = await mkdtemp(join(tmpdir(), 'failure-world-s3-'));
    const bucket = service.media.bucketName;
    const s3Server = await startMediaS3(s3Dir, async (message) => {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queues.media.url,
          MessageBody: JSON.stringify(message),
        }),
      );
    });
    const s3 = new S3Client({
      endpoint: s3Server.url,
      forcePathStyle: true,
      region: localRegion,
      credentials: localCredentials,
    });

    function environmentOf(name: FunctionName, fault?: Fault, cacheUrl?: string) {
      const faulty = (dependency: Dependency, real: string, scheme = 'http') =>
        fault?.dependency !== dependency
          ? real
          : fault.mode === 'down'
            ? closedUrl(scheme)
            : hangingUrl(scheme);
      const realCache = redis ? `redis://127.0.0.1:${redis.port}` : undefined;
      const cache = cacheUrl ?? (realCache ? faulty('cache', realCache, 'redis') : undefined);
      return {
        ...functionEnvironment(
          {
            tableName,
            cache: cache ? { url: cache } : undefined,
            partnerApiUrl: faulty('partner', partner.url),
            queueUrls: Object.fromEntries(queueNames.map((q) => [q, queues[q].url])),
            mediaBucket: bucket,
            secretsKey,
          },
          functions[name],
        ),
        ...queueEnvironment(name, (queue) => queues[queue].url),
        ...localCloudEnvironment(
          {
            endpoints: {
              dynamodb: faulty('dynamodb', dynamodb.endpoint),
              s3: faulty('s3', s3Server.url),
              sqs: faulty('queue', sqsServer.url),
            },
            credentials: localCredentials,
          },
          name,
        ),
        AWS_REGION: localRegion,
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      };
    }

    return {
      tableName,
      sqsServer,
      sqs,
      queues,
      s3Server,
      s3,
      bucket,
      async load<H>(name: FunctionName, fault?: Fault, cacheUrl?: string): Promise<H> {
        // A new container: module state (clients, adapters, the cache connection) is its
        // own, and it reads the environment at load as Lambda's would, and again on every
        // call (some variables are read per call): each container's own, in the async
        // context of its load and of each of its calls.
        const environment: NodeJS.ProcessEnv = {
          ...baseline,
          ...environmentOf(name, fault, cacheUrl),
        };
        const entry = functions[name].entry;
        const imported = loading.then(() =>
          environments.run(environment, async () => {
            vi.resetModules();
            const middy = importOwnMiddy();
            vi.doMock('@middy/core', () => middy);
            // Any function's entry, named by the description: no pattern for Vite to expand.
            return (await import(/* @vite-ignore */ `../../${entry}`)) as {
              handler: (...args: unknown[]) => Promise<unknown>;
            };
          }),
        );
        loading = imported.catch(() => undefined);
        const { handler } = await imported;
        return ((...args: unknown[]) => environments.run(environment, () => handler(...args))) as H;
      },
      async close() {
        s3.destroy();
        await s3Server.close();
        sqs.destroy();
        await sqsServer.close();
        await rm(sqsDir, { recursive: true, force: true });
        await rm(s3Dir, { recursive: true, force: true });
      },
    };
  }

  const main = await startLane('posts');
  lanes.push(main);

  return {
    ...main,
    dynamodb,
    partner,
    receiver,
    redis,
    closedUrl,
    hangingUrl,
    async openLane() {
      const lane = await startLane(`posts-lane-${++laneCount}`);
      lanes.push(lane);
      return lane;
    },
    async cacheProxy() {
      if (!redis) throw new Error('no Valkey/Redis server');
      const proxy = await startTcpProxy(redis.port);
      proxies.push(proxy);
      return proxy;
    },
    async close() {
      for (const proxy of proxies) await proxy.close();
      await silent.close();
      await redis?.stop();
      await receiver.close();
      await partner.close();
      for (const lane of lanes) await lane.close();
      await dynamodb.close();
      environments.restore();
    },
  };
}
