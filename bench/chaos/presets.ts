import { faultNames, type FaultName } from './faults';
import type { ChaosOptions } from './chaos-run';

export type ChaosPreset = Omit<ChaosOptions, 'keep' | 'log'>;

/** `npm run chaos`: every fault, 5 s each, 10 s of plain traffic around them. */
export const fullRun: ChaosPreset = {
  faults: faultNames,
  holdMs: 5_000,
  gapMs: 10_000,
  // A post whose follow-ups could not be enqueued (SQS down) waits for the sweeper: every 5 min,
  // posts older than 60 s; and the longest visibility timeout (a killed container) is 180 s.
  settleBoundMs: 420_000,
  users: 6,
  loops: 4,
  pauseMs: 150,
  // Up to 10 probes in a 5 s window, 4 at most at a time: enough to see each fault, not so
  // many that a busy machine's local cloud is flooded (8 at a time doubled its latencies).
  probeIntervalMs: 500,
  probeMaxInFlight: 4,
  minWindowAnswers: 10,
};

/** The version `npm test` runs (test/chaos/): a few faults whose recovery takes seconds. */
export const shortRun: ChaosPreset = {
  // Not sqs-stopped (a post it caught waits for the sweeper, 5 min), nor worker-killed and
  // cloud-sigkill (their messages come back after the visibility timeout, 90 to 180 s).
  faults: ['dynamodb-stopped', 'cache-down', 'partner-failing'] satisfies FaultName[],
  holdMs: 2_000,
  gapMs: 2_000,
  settleBoundMs: 45_000,
  users: 2,
  loops: 2,
  pauseMs: 150,
  // No probes and no minimum: on the busy machine (load 30 to 40) this run with probes, even
  // one at a time, failed 5 times in 5 (timeouts, jobs left pending); without them it sends
  // main's traffic. Covering every window is the full run's check.
  probeIntervalMs: 500,
  probeMaxInFlight: 0,
  minWindowAnswers: 0,
  // A job that failed during a fault is retried after 1, 2, then 4 s instead of the queues'
  // 5 to 10 s and doubling: the audit then waits seconds for it, not half a minute. Its
  // receives still span more than a fault's 2 s, so none reaches a DLQ for the fault alone.
  retryBackoff: { baseSeconds: 1, maxSeconds: 4 },
};
