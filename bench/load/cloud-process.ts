/**
 * The local cloud for the load benchmark, in its own process as `npm run dev`
 * runs it (data on disk, functions watched), so the load generator does not
 * share its event loop. Throttles are off (the benchmark measures the
 * runtime, not the configured rates) and container output is counted, not
 * printed. Driven over IPC by bench/load/load-bench.ts.
 */
import { join } from 'node:path';
import { reportLine } from '../../local/lambda/report-line';
import { startLocalCloud } from '../../local/local-cloud';
import { silenceSdkNodeVersionWarning } from '../../local/node-version-warning';
import { EmulatedJobs, type EmulatedJobsConfig, type JobPriority } from './emulated-jobs';
import { LOAD_USERS } from './load-config';
import { processTreeCpuMicros } from './process-tree-cpu';
import { startFloodTrace } from '../flood/flood-trace';

export type ToCloud =
  | { readonly type: 'busy-start'; readonly priority: JobPriority }
  | { readonly type: 'busy-stop'; readonly priority: JobPriority }
  | { readonly type: 'mark' }
  | { readonly type: 'settle'; readonly timeoutMs: number }
  | { readonly type: 'close' };

export type FromCloud =
  | {
      readonly type: 'ready';
      readonly url: string;
      /** A token of each of the benchmark's users (LOAD_USERS), signed by this cloud's issuer. */
      readonly writeTokens: readonly string[];
    }
  | { readonly type: 'busy-started' }
  | { readonly type: 'busy-stopped'; readonly stats: unknown }
  | {
      readonly type: 'mark';
      /** CPU time of the cloud: its process and the ones it started (containers, DynamoDB). */
      readonly cpuMicros: number;
      readonly lines: number;
      /** The first few failure lines (REPORT with a Status, error logs), to say what went wrong. */
      readonly failures: readonly string[];
      /** Containers started so far (REPORT lines with an Init Duration), by function. */
      readonly coldStarts: Readonly<Record<string, number>>;
    }
  | { readonly type: 'settled'; readonly settled: boolean; readonly waitedMs: number }
  | { readonly type: 'closed' };

silenceSdkNodeVersionWarning();
const send = (message: FromCloud) => process.send?.(message);
const dataDir = process.env.BENCH_DATA_DIR;
if (!dataDir) throw new Error('BENCH_DATA_DIR is not set');
const emulated = process.env.BENCH_EMULATED_JOBS
  ? (JSON.parse(process.env.BENCH_EMULATED_JOBS) as EmulatedJobsConfig)
  : undefined;

let lines = 0;
const trace = process.env.BENCH_FLOOD_TRACE
  ? startFloodTrace(process.env.BENCH_FLOOD_TRACE)
  : undefined;
const failures: string[] = [];
const coldStarts: Record<string, number> = {};
function failure(name: string, line: string): void {
  if (failures.length < 10) failures.push(`[${name}] ${line.slice(0, 500)}`);
}
const cloud = await startLocalCloud({
  port: 0,
  dataDir,
  watch: true,
  // Off unless asked (BENCH_THROTTLING=on): the load benchmark measures the runtime.
  throttling: process.env.BENCH_THROTTLING === 'on',
  // Scale-out containers at nice 10, as `npm run dev` runs them (docs/local-runtime.md).
  niceScaleOut: true,
  // The pools' events, counted as they come: no START, END or REPORT line is formatted to be
  // read back (the event sources' few lines still come as lines).
  onEvent: (event) => {
    trace?.event(event);
    if (event.type === 'throttle') return;
    lines += 1;
    if (event.type === 'report') {
      const { report } = event;
      if (report.initDurationMs !== undefined) {
        coldStarts[event.functionName] = (coldStarts[event.functionName] ?? 0) + 1;
      }
      if (report.status) failure(event.functionName, reportLine(report));
    } else if (event.type === 'log' && event.line.includes('"level":"ERROR"')) {
      failure(event.functionName, event.line);
    }
  },
  onLine: (name, line) => {
    lines += 1;
    if (line.includes('"level":"ERROR"')) failure(name, line);
  },
});
const jobs = emulated
  ? {
      normal: await EmulatedJobs.create(join(dataDir, 'bench-build'), emulated, 'normal'),
      low: await EmulatedJobs.create(join(dataDir, 'bench-build'), emulated, 'low'),
    }
  : undefined;

process.on('message', (message: ToCloud) => {
  void (async () => {
    switch (message.type) {
      case 'busy-start':
        await jobs?.[message.priority].start();
        return send({ type: 'busy-started' });
      case 'busy-stop':
        return send({
          type: 'busy-stopped',
          stats: (await jobs?.[message.priority].stop()) ?? null,
        });
      case 'mark': {
        return send({
          type: 'mark',
          cpuMicros: processTreeCpuMicros(),
          lines,
          failures,
          coldStarts: { ...coldStarts },
        });
      }
      case 'settle': {
        const started = performance.now();
        const settled = await settle(message.timeoutMs);
        return send({ type: 'settled', settled, waitedMs: performance.now() - started });
      }
      case 'close':
        await Promise.all([jobs?.normal.close(), jobs?.low.close()]);
        await cloud.close();
        send({ type: 'closed' });
        process.disconnect();
        return;
    }
  })();
});
/**
 * Waits until no job is queued or running (the seeded posts' follow-ups: share
 * cards, analytics, notifications), so a measurement of GETs counts the CPU of
 * GETs, and the posts are `ready`, the state a read finds almost always.
 */
async function settle(timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const queued = Object.values(cloud.sqs.queues).some((queue) => {
      const stats = cloud.sqs.store.stats(queue.name);
      return stats !== undefined && stats.visible + stats.inFlight + stats.delayed > 0;
    });
    const running = [...cloud.pools.values()].some((pool) => pool.running > 0);
    if (!queued && !running) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

send({
  type: 'ready',
  url: cloud.url,
  writeTokens: await Promise.all(LOAD_USERS.map((user) => cloud.issuer.token(user))),
});
