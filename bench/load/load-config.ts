import type { FeederConfig } from './analyze-feeder';
import type { EmulatedJobsConfig } from './emulated-jobs';

/** The users the benchmark writes as, in turn: each route allows one user only so many writes a minute (callerLimit). */
export const LOAD_USERS = Array.from({ length: 200 }, (_, i) => `bench-load-${i}`);

/** Headers every write carries: writes need a signed-in user's token. */
export function writeHeaders(token: string): Readonly<Record<string, string>> {
  return { 'content-type': 'application/json', authorization: `Bearer ${token}` };
}

export const loadConfig = {
  repetitions: Number(process.env.BENCH_LOAD_REPS ?? 3),
  /** The measured run: GET and POST at once, each at its own fixed concurrency. */
  getConnections: 8,
  postConnections: 2,
  /**
   * Emulated jobs switch on and off at once, so the conditions take turns in
   * short windows through one continuous run, and a change in the machine's
   * own load hits them all alike: `cycles` x (idle, each busy variant).
   */
  windowSeconds: 3,
  cycles: 4,
  /** Real `POST /analyze` jobs leave a queue behind: one idle window, then one busy. */
  analyzeWindowSeconds: 12,
  /** The throughput comparison: GET alone vs the hello-world server, same connections. */
  throughputConnections: 10,
  throughputSeconds: 5,
  /** GETs alone before they are measured: every container of the 10 started and warm. */
  throughputWarmupSeconds: 5,
  warmupSeconds: 6,
  seededPosts: 100,
  /**
   * Pause between runs: a run ends with requests in flight whose invocations
   * still hold containers; the next run must not find them busy.
   */
  settleSeconds: 2,
  /** At most this long for the warm-up's follow-up jobs to finish before GETs alone are measured. */
  settleTimeoutSeconds: 120,
  /** After POST /analyze jobs start, before measuring: the queue filling, workers picking up. */
  analyzeRampSeconds: 2,
  bucketSeconds: 0.5,
} as const;

/**
 * Without `POST /analyze`: two job containers, the least a queue-triggered
 * worker runs (an SQS event source's maximum concurrency is at least 2).
 */
export const emulatedJobs: EmulatedJobsConfig = {
  concurrency: 2,
  textChars: 50_000,
  /** ~0.25 s of CPU per job on the benchmark machine (2 ms a pass, warm). */
  passes: 120,
};

export const analyzeFeeder: FeederConfig = { burst: 20, perSecond: 2, textChars: 50_000 };

export const loadTargets = {
  p99Ratio: 1.5,
  p50Ratio: 1.3,
  throughputShare: 0.5,
  /**
   * The cloud's CPU per GET over a bare node:http server's CPU per request, in the same
   * repetition: about 0.035 ms a request on this machine, so 15x is ~0.5 ms per GET
   * (2026-11-26: 0.80 ms, ~23x). A ratio, so a busier machine does not move it much.
   */
  cpuPerGetRatio: 15,
  /**
   * Issue 15's throughput acceptance, as absolute figures for the quiet machine: GET rps at
   * least twice the median of `bench/results/2026-11-26-load.json` (1,667.8 rps), and the
   * cloud's CPU per GET under 0.5 ms.
   */
  issue15: { baselineGetRps: 1667.8, rpsFactor: 2, cpuMsPerGet: 0.5 },
} as const;
