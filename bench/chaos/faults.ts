import type { SamplePartner } from '../../local/partner/sample-partner';
import type { FaultProxy } from './fault-proxy';
import type { LocalCloudProcess } from './local-cloud-process';

/** What the faults act on. */
export interface FaultTargets {
  readonly dynamodb: FaultProxy;
  readonly sqs: FaultProxy;
  /** Undefined when no valkey-server/redis-server is installed (the in-process cache cannot fail). */
  readonly cache: FaultProxy | undefined;
  readonly partner: SamplePartner;
  readonly cloud: LocalCloudProcess;
}

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
  /** What happened (which worker died, how long the restart took), or why it was skipped. */
  readonly note: string;
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
      // Retried until a worker is mid-job: the traffic keeps the share cards and analyses coming.
      for (let tries = 0; tries < 100; tries += 1) {
        const killed = await targets.cloud.killRunningWorker();
        if (killed) return done(`a running ${killed} thread terminated mid-invocation`);
        await sleep(100);
      }
      return done('skipped: no queue worker was running in 10 s', true);
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
