import type { FeederConfig } from './analyze-feeder';
import type { EmulatedJobsConfig } from './emulated-jobs';

/**
 * Headers every write carries. Once writes need a token (auth), add one line:
 *   authorization: `Bearer ${execFileSync('npm', ['run', '-s', 'token', '--', 'bench-load']).toString().trim()}`,
 */
export const writeHeaders: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
};

export const loadConfig = {
  repetitions: 3,
  /** The measured phases: GET and POST at once, each at its own fixed concurrency. */
  getConnections: 8,
  postConnections: 2,
  phaseSeconds: 10,
  /** The throughput comparison: GET alone vs the hello-world server, same connections. */
  throughputConnections: 10,
  throughputSeconds: 5,
  warmupSeconds: 6,
  seededPosts: 100,
  /**
   * Pause between phases: a load run ends with requests in flight whose
   * invocations still hold containers; the next phase must not find them busy.
   */
  settleSeconds: 2,
  /** After the jobs start, before measuring: their containers are warm, the queue filling. */
  busyRampSeconds: { emulated: 0.5, analyzeRoute: 2 },
  bucketSeconds: 1,
} as const;

/**
 * Without `POST /analyze`: two job containers, the least a queue-triggered
 * worker runs (an SQS event source's maximum concurrency is at least 2).
 */
export const emulatedJobs: EmulatedJobsConfig = {
  concurrency: 2,
  textChars: 50_000,
  jobCpuMs: 250,
};

export const analyzeFeeder: FeederConfig = { burst: 20, perSecond: 2, textChars: 50_000 };

export const loadTargets = { p99Ratio: 1.5, p50Ratio: 1.3, throughputShare: 0.5 } as const;
