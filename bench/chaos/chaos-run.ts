import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalIssuer } from '../../local/auth/local-issuer';
import { startSamplePartner } from '../../local/partner/sample-partner';
import { audit, type Audit } from './audit';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { inject, type FaultName, type FaultWindow } from './faults';
import { freePort } from './free-port';
import { localCloudProcess } from './local-cloud-process';
import { findRedisServer, startRedisProcess, type RedisProcess } from './redis-process';
import { RetryingClient } from './retrying-client';
import { probeOps, startProbeStream } from './probe-stream';
import { startTraffic, type ChaosUser, type TrafficLedger, type TrafficOp } from './traffic';
import { startDeduplicatingReceiver } from './webhook-receiver';

export interface ChaosOptions {
  readonly faults: readonly FaultName[];
  /** How long each fault is held. */
  readonly holdMs: number;
  /** Plain traffic before the first fault and after each one. */
  readonly gapMs: number;
  /** How long after the last fault every post, job and upload must be terminal. */
  readonly settleBoundMs: number;
  readonly users: number;
  /** Concurrent client loops, and the pause each takes between two requests. */
  readonly loops: number;
  readonly pauseMs: number;
  /**
   * Each fault's probe stream (`probe-stream.ts`): a new request this often while it is
   * held, at most `probeMaxInFlight` at a time; the run fails when a fault's window got
   * fewer than `minWindowAnswers` answers.
   */
  readonly probeIntervalMs: number;
  readonly probeMaxInFlight: number;
  readonly minWindowAnswers: number;
  /**
   * Every queue's retry backoff in the local cloud (its LOCAL_RETRY_BACKOFF), instead of the
   * description's; undefined: the description's.
   */
  readonly retryBackoff?: { readonly baseSeconds: number; readonly maxSeconds: number };
  /** Keep the data folder (and the local cloud's log) after the run. */
  readonly keep: boolean;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

export interface ChaosResult extends Audit {
  readonly windows: readonly FaultWindow[];
  /** Which cache the run used: a real server's name, or why none. */
  readonly cache: string;
  readonly dataDir: string;
  readonly durationSeconds: number;
}

/**
 * The fault-injection run: the local cloud as a child process behind fault proxies, steady
 * traffic from several users, the faults one after another, then the audit. Loopback only;
 * bounded by its options (the traffic stops after the last gap, the audit after its bound).
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'posts-api-chaos-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const ports = {
      api: await freePort(),
      dynamodb: await freePort(),
      sqs: await freePort(),
      s3: await freePort(),
    };
    const dynamodb = await startFaultProxy(ports.dynamodb);
    const sqs = await startFaultProxy(ports.sqs);
    cleanups.push(
      () => dynamodb.close(),
      () => sqs.close(),
    );

    let redis: RedisProcess | undefined;
    let cache: FaultProxy | undefined;
    const redisBinary = await findRedisServer();
    if (redisBinary) {
      redis = await startRedisProcess(redisBinary);
      cache = await startFaultProxy(redis.port);
      const [stopRedis, closeCache] = [redis.stop, cache.close];
      cleanups.push(closeCache, stopRedis);
    }
    const partner = await startSamplePartner({ slowMs: 60_000 });
    cleanups.push(() => partner.close());
    const receiver = await startDeduplicatingReceiver();
    cleanups.push(() => receiver.close());

    // The tokens `npm run -s token -- <user>` would print for this data folder.
    const issuer = await LocalIssuer.inDataDir(dataDir);
    const cloud = localCloudProcess({
      logFile: join(dataDir, 'local-cloud.log'),
      env: {
        PORT: String(ports.api),
        DYNAMODB_PORT: String(ports.dynamodb),
        SQS_PORT: String(ports.sqs),
        S3_PORT: String(ports.s3),
        LOCAL_DATA_DIR: dataDir,
        LOCAL_DYNAMODB_VIA: dynamodb.url,
        LOCAL_SQS_VIA: sqs.url,
        LOCAL_FAULTS: '1',
        LOCAL_NICE_WORKERS: '0',
        PARTNER_API_URL: partner.url,
        CACHE_URL: cache ? `redis://127.0.0.1:${cache.port}` : '',
        LOCAL_RETRY_BACKOFF: options.retryBackoff
          ? `${options.retryBackoff.baseSeconds},${options.retryBackoff.maxSeconds}`
          : '',
      },
    });
    cleanups.unshift(() => cloud.stop());
    options.log(`starting the local cloud (data in ${dataDir})`);
    await cloud.start();

    let stopped = false;
    let giveUpAt = Number.POSITIVE_INFINITY;
    const client = new RetryingClient(`http://127.0.0.1:${ports.api}`, () => giveUpAt);
    const users: ChaosUser[] = [];
    for (let i = 1; i <= options.users; i += 1) {
      const name = `chaos-${i}`;
      const token = await issuer.token(name);
      const registered = await client.send<{ id?: string }>({
        op: 'POST /webhooks',
        method: 'POST',
        path: '/webhooks',
        token,
        body: { url: `${receiver.url}/${name}`, events: ['post.created'] },
      });
      if (registered.status !== 201 || !registered.body?.id) {
        throw new Error(`registering ${name}'s webhook answered ${registered.status}`);
      }
      users.push({ name, token, webhookId: registered.body.id });
    }

    const ledger: TrafficLedger = {
      posts: [],
      jobs: [],
      uploads: [],
      createsGivenUp: 0,
      missingOnRead: [],
      operations: 0,
    };
    const traffic = await startTraffic({
      client,
      users,
      ledger,
      loops: options.loops,
      pauseMs: options.pauseMs,
      until: () => stopped,
    });
    // Requests outside the steady loops (probes, the worker kill's burst), awaited before the audit.
    const extra: Promise<void>[] = [];
    const send = (op: TrafficOp): Promise<void> => {
      const sent = traffic.send(op).catch(() => undefined);
      extra.push(sent);
      return sent;
    };
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const windows: FaultWindow[] = [];
    options.log(`traffic from ${users.length} users; faults: ${options.faults.join(', ')}`);
    await sleep(options.gapMs);
    for (const fault of options.faults) {
      options.log(`fault ${fault}`);
      const probes = startProbeStream({
        send,
        ops: probeOps[fault],
        intervalMs: options.probeIntervalMs,
        maxInFlight: options.probeMaxInFlight,
      });
      const window = await inject(
        fault,
        { dynamodb, sqs, cache, partner, cloud, send },
        options.holdMs,
      ).finally(() => probes.stop());
      windows.push(window);
      options.log(`  ${window.note}`);
      await sleep(options.gapMs);
    }
    stopped = true;
    // Requests in flight may still retry a little; then the client gives up.
    giveUpAt = Date.now() + 10_000;
    await traffic.done;
    await Promise.all(extra);
    const lastFaultEnd = windows.at(-1)?.end ?? Date.now();
    // The audit's own reads retry as long as it may wait.
    giveUpAt = lastFaultEnd + options.settleBoundMs + 30_000;
    options.log(`traffic stopped after ${ledger.operations} operations; auditing`);
    const result = await audit({
      client,
      ledger,
      users,
      receiver,
      windows,
      lastFaultEnd,
      boundMs: options.settleBoundMs,
      graceMs: 2_000,
      minWindowAnswers: options.minWindowAnswers,
    });
    const errorLines = cloud.errorLines;
    options.log(
      `the local cloud logged ${errorLines} ERROR lines (${join(dataDir, 'local-cloud.log')})`,
    );
    return {
      ...result,
      windows,
      cache: redis
        ? `${redis.binary.split('/').at(-1)} on 127.0.0.1:${redis.port}, behind a fault proxy`
        : 'in-process (no valkey-server or redis-server installed: the cache faults are not exercised)',
      dataDir,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    if (!options.keep) await rm(dataDir, { recursive: true, force: true });
  }
}
