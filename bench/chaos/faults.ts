import { workerWatchMs } from '../../local/fault-signal';
import type { SamplePartner } from '../../local/partner/sample-partner';
import type { FaultProxy } from './fault-proxy';
import type { LocalCloudProcess } from './local-cloud-process';
import type { TrafficOp } from './traffic';

/** What the faults act on. */
export interface FaultTargets {
  readonly dynamodb: FaultProxy;
  readonly sqs: FaultProxy;
  /** Undefined when no valkey-server/redis-server is installed (the in-process cache cannot fail). */
  readonly cache: FaultProxy | undefined;
  readonly partner: SamplePartner;
  readonly cloud: LocalCloudProcess;
  /** One request of the traffic's, outside its steady loops (the worker kill's burst). */
  readonly send: (op: TrafficOp) => Promise<void>;
}

/** What `worker-killed` sends to have jobs running: analyses, and posts (their follow-ups). */
const workerBurst = { analyses: 6, posts: 3 };

export const faultNames = [
  'dynamodb-stopped',
  'sqs-stopped',
  'cache-down',
  'cache-slow',
  'partner-failing',
  'partner-hanging',
  'worker-killed',
  'cloud-sigkill',
] as const;
export type FaultName = (typeof faultNames)[number];

/** What a fault did, as the run's table shows it. */
export interface FaultWindow {
  readonly name: FaultName;
  readonly start: number;
  readonly end: number;
  /** What happened (which worker died, how long the restart took), or why it was not exercised. */
  readonly note: string;
  /** The fault was not injected (no cache server installed, no worker ran): the run fails. */
  readonly skipped: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One fault, held for `holdMs` and then cleared: its window covers the injection and,
 * for a restart, the time the cloud took to come back.
 */
export async function inject(
  name: FaultName,
  targets: FaultTargets,
  holdMs: number,
): Promise<FaultWindow> {
  const start = Date.now();
  const done = (note: string, skipped = false): FaultWindow => ({
    name,
    start,
    end: Date.now(),
    note,
    skipped,
  });
  const hold = async (apply: () => unknown, clear: () => unknown): Promise<void> => {
    await apply();
    await sleep(holdMs);
    await clear();
  };
  switch (name) {
    case 'dynamodb-stopped':
      await hold(
        () => targets.dynamodb.stop(),
        () => targets.dynamodb.open(),
      );
      return done(`every connection to DynamoDB refused for ${holdMs / 1000} s`);
    case 'sqs-stopped':
      await hold(
        () => targets.sqs.stop(),
        () => targets.sqs.open(),
      );
      return done(`every connection to SQS (senders and pollers) refused for ${holdMs / 1000} s`);
    case 'cache-down': {
      const cache = targets.cache;
      if (!cache) return done('skipped: no valkey-server or redis-server installed', true);
      await hold(
        () => cache.stop(),
        () => cache.open(),
      );
      return done(`every connection to the cache refused for ${holdMs / 1000} s`);
    }
    case 'cache-slow': {
      const cache = targets.cache;
      if (!cache) return done('skipped: no valkey-server or redis-server installed', true);
      await hold(
        () => cache.slow(500),
        () => cache.open(),
      );
      return done(`every cache packet delayed 500 ms for ${holdMs / 1000} s`);
    }
    case 'partner-failing':
      await hold(
        () => targets.partner.setMode('failing'),
        () => targets.partner.setMode('healthy'),
      );
      return done(`the partner answered 503 for ${holdMs / 1000} s`);
    case 'partner-hanging':
      await hold(
        () => targets.partner.setMode('slow'),
        () => targets.partner.setMode('healthy'),
      );
      return done(`the partner held every call without answering for ${holdMs / 1000} s`);
    case 'worker-killed': {
      // Timed to a job: the cloud watches for a worker invocation to start while a burst of
      // analyses and posts gives it some. None in the whole watch is a failure of the run.
      const killing = targets.cloud.killRunningWorker();
      const burst = [
        ...Array.from({ length: workerBurst.analyses }, () => targets.send('analyze')),
        ...Array.from({ length: workerBurst.posts }, () => targets.send('create')),
      ];
      const killed = await killing;
      if (killed) {
        return done(
          `a running ${killed} container killed mid-invocation, ${((Date.now() - start) / 1000).toFixed(1)} s into a burst of ${burst.length} requests`,
        );
      }
      return done(
        `NOT exercised: no queue worker ran within ${workerWatchMs / 1000} s of a burst of ${workerBurst.analyses} analyses and ${workerBurst.posts} posts`,
        true,
      );
    }
    case 'cloud-sigkill': {
      await targets.cloud.kill();
      const killedAt = Date.now();
      await targets.cloud.start();
      return done(
        `SIGKILL, restarted on the same data; down ${((Date.now() - killedAt) / 1000).toFixed(1)} s`,
      );
    }
  }
}
