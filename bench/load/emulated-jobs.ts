import { join } from 'node:path';
import type { FunctionSpec } from '../../lib/description';
import { LambdaPool } from '../../local/lambda/lambda-pool';
import { localRegion } from '../../local/local-credentials';
import { buildBundle } from '../harness/bundle-build';
import { sampleText } from './sample-text';

export interface EmulatedJobsConfig {
  /** Containers kept busy: the worker's maximum concurrency. */
  readonly concurrency: number;
  readonly textChars: number;
  /** Times each job runs the analysis over the text: its fixed amount of CPU work. */
  readonly passes: number;
}

/** How the job containers' threads are scheduled: as every pool today, or nice (PoolOptions.niceness). */
export type JobPriority = 'normal' | 'low';
/** The lowest priority Linux has: the thread runs only on cycles nothing else wants. */
export const LOW_PRIORITY_NICENESS = 19;

export interface JobStats {
  readonly jobs: number;
  readonly failed: number;
  readonly meanDurationMs: number;
}

/**
 * The busy phase without a `POST /analyze` route: a Lambda pool (the local
 * cloud's own class: worker-thread containers in the same process as the
 * gateway) of a CPU-bound text-analysis function, kept saturated as an event
 * source keeps a worker saturated while its queue has a backlog.
 */
export class EmulatedJobs {
  private running = false;
  private warm = false;
  private loops: Promise<void>[] = [];
  private jobs = 0;
  private failed = 0;
  private totalMs = 0;
  private readonly text: string;

  private constructor(
    private readonly pool: LambdaPool,
    private readonly config: EmulatedJobsConfig,
  ) {
    this.text = sampleText(config.textChars);
  }

  static async create(
    buildDir: string,
    config: EmulatedJobsConfig,
    priority: JobPriority,
  ): Promise<EmulatedJobs> {
    const runtime = await buildBundle(
      'local/lambda/lambda-runtime.ts',
      join(buildDir, '_lambda-runtime.mjs'),
    );
    const bundle = await buildBundle(
      'bench/load/text-analysis-job.ts',
      join(buildDir, 'benchTextAnalysis.mjs'),
    );
    const spec: FunctionSpec = {
      entry: 'bench/load/text-analysis-job.ts',
      description: 'load benchmark: CPU-bound text analysis',
      memoryMb: 1024,
      timeoutSeconds: 60,
      deadlineMarginMs: 1_000,
      sdk: { connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
      tableActions: [],
    };
    const pool = new LambdaPool({
      name: 'benchTextAnalysis',
      spec,
      runtimePath: runtime.path,
      bundlePath: bundle.path,
      environment: { AWS_REGION: localRegion, TZ: 'UTC' },
      concurrency: config.concurrency,
      idleReclaimMs: 5 * 60 * 1000,
      ...(priority === 'low' ? { niceness: LOW_PRIORITY_NICENESS } : {}),
    });
    return new EmulatedJobs(pool, config);
  }

  /**
   * Keeps every container busy from now on. The first time, resolves once each
   * has finished a job (cold starts behind it); after that, at once.
   */
  async start(): Promise<void> {
    this.running = true;
    this.jobs = 0;
    this.failed = 0;
    this.totalMs = 0;
    const firstJobs: Promise<void>[] = [];
    this.loops = Array.from({ length: this.config.concurrency }, () => {
      let firstDone!: () => void;
      firstJobs.push(new Promise<void>((resolve) => (firstDone = resolve)));
      return this.loop(firstDone);
    });
    if (!this.warm) {
      await Promise.all(firstJobs);
      this.warm = true;
    }
  }

  async stop(): Promise<JobStats> {
    this.running = false;
    await Promise.all(this.loops);
    return {
      jobs: this.jobs,
      failed: this.failed,
      meanDurationMs: this.jobs > 0 ? this.totalMs / this.jobs : 0,
    };
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async loop(firstDone: () => void): Promise<void> {
    while (this.running) {
      const report = await this.pool.invoke({ text: this.text, passes: this.config.passes });
      firstDone();
      this.jobs += 1;
      this.totalMs += report.durationMs;
      if (!report.outcome.ok) this.failed += 1;
    }
  }
}
