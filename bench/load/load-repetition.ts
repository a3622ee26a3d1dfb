import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { contractCheck } from '../../lib/contract/answer-contract';
import { createApiClient } from '../../lib/contract/api-client';
import type { components } from '../../lib/contract/openapi-types';
import { newPostBody } from '../harness/api-gateway-event';
import { AnalyzeFeeder } from './analyze-feeder';
import { CloudHandle } from './cloud-handle';
import { coresIn, samplesIn, secondsIn, type ConditionWindow } from './condition-windows';
import type { JobPriority } from './emulated-jobs';
import { startHelloServer } from './hello-handle';
import { latencySeries, type SeriesPoint } from './latency-series';
import {
  analyzeFeeder,
  emulatedJobs,
  loadConfig as config,
  LOAD_USERS,
  writeHeaders,
} from './load-config';
import { figuresOf, runLoad, startLoad, type PhaseFigures } from './load-generator';

/** What keeps the workers busy while GET and POST are measured. */
export interface BusyVariant {
  readonly name: string;
  readonly label: string;
  readonly kind: { readonly emulated: JobPriority } | { readonly analyzeRoute: true };
}

export interface ConditionFigures {
  readonly get: PhaseFigures;
  readonly post: PhaseFigures;
  readonly seconds: number;
  /** CPU the cloud used (its process tree: containers, dynalite), in cores. */
  readonly cpuCores: number;
}

export interface Repetition {
  readonly hello: PhaseFigures & {
    /** CPU the bare node:http server spent per request: the yardstick for the cloud's. */
    readonly cpuMsPerRequest: number;
  };
  readonly getOnly: PhaseFigures & {
    /** CPU the cloud process spent per GET (all threads): what bounds its throughput. */
    readonly cpuMsPerRequest: number;
    /** Whether the follow-up jobs were all done before (and how long that took). */
    readonly settledFirst: { readonly settled: boolean; readonly waitedMs: number };
    /** Containers that started while GETs alone were measured, by function: none when warm. */
    readonly coldStarts: Readonly<Record<string, number>>;
  };
  /** By condition: `idle` and each busy variant's name. */
  readonly conditions: Readonly<Record<string, ConditionFigures>>;
  /** Connection errors and timeouts over the measured run (non-2xx are per condition). */
  readonly connectionErrors: number;
  readonly windows: readonly ConditionWindow[];
  /** GET latency over the whole measured run, for the chart. */
  readonly series: readonly SeriesPoint[];
  /** What the jobs got done (per variant). */
  readonly work: Readonly<Record<string, unknown>>;
  /** Lines of failed invocations seen in the cloud process, if any. */
  readonly failures: readonly string[];
}

/**
 * One repetition, every comparison inside it: a fresh hello-world server and
 * a fresh local cloud; hello-world throughput, GET alone, then one run of GET
 * and POST together through which the conditions (idle, busy...) take turns.
 */
export async function runRepetition(
  dir: string,
  variants: readonly BusyVariant[],
  index: number,
): Promise<Repetition> {
  await mkdir(dir, { recursive: true });
  const emulated = variants.every((v) => 'emulated' in v.kind);
  const hello = await startHelloServer(dir);
  const cloud = await CloudHandle.start(join(dir, 'cloud'), emulated ? emulatedJobs : undefined);
  try {
    const writers = cloud.writeTokens.map((token, i) => ({
      headers: writeHeaders(token),
      body: newPostBody(LOAD_USERS[i] as string),
    }));
    const getPaths = (await seedPosts(cloud.url, writers, config.seededPosts)).map(
      (id) => `/posts/${id}`,
    );
    const mixed = (origin: number, durationSeconds?: number) => [
      startLoad({
        url: cloud.url,
        connections: config.getConnections,
        paths: getPaths,
        origin,
        ...(durationSeconds ? { durationSeconds } : {}),
      }),
      startLoad({
        url: cloud.url,
        connections: config.postConnections,
        method: 'POST',
        paths: ['/posts'],
        writers,
        origin,
        ...(durationSeconds ? { durationSeconds } : {}),
      }),
    ];

    const throughput = { connections: config.throughputConnections };
    await runLoad({ url: hello.url, ...throughput, durationSeconds: 1 });
    const helloCpuBefore = await hello.cpuMicros();
    const helloRun = await runLoad({
      url: hello.url,
      ...throughput,
      durationSeconds: config.throughputSeconds,
    });
    const helloCpuMs = ((await hello.cpuMicros()) - helloCpuBefore) / 1000;
    // Containers start cold: spawn and warm them (the job containers too) before measuring.
    const warmup = mixed(performance.now(), config.warmupSeconds);
    for (const variant of variants) {
      if ('emulated' in variant.kind) {
        await cloud.busyStart(variant.kind.emulated);
        await cloud.busyStop(variant.kind.emulated);
      }
    }
    await Promise.all(warmup.map((run) => run.done));
    await sleep(config.settleSeconds);
    // The posts written so far have follow-up jobs (share cards, analytics): GETs alone are
    // measured once those are done, as they would be on Lambda, in containers of their own.
    const settled = await cloud.settle(config.settleTimeoutSeconds * 1000);
    // GETs alone first, unmeasured, as the bare server gets its second: the mixed warm-up ran 8
    // GET connections, so 2 of the 10 containers would start cold inside the measured window,
    // and each container's JIT is still compiling the hot path after its first few hundred
    // invocations (a GET-only run after 8 s of GETs still cost 1.3-1.6x the CPU per GET of the
    // 5 s after it: docs/local-runtime.md, "Where a local GET spends its time").
    await runLoad({
      url: cloud.url,
      ...throughput,
      durationSeconds: config.throughputWarmupSeconds,
      paths: getPaths,
    });
    const beforeGets = await cloud.mark();
    const getOnly = await runLoad({
      url: cloud.url,
      ...throughput,
      durationSeconds: config.throughputSeconds,
      paths: getPaths,
    });
    const afterGets = await cloud.mark();
    await sleep(config.settleSeconds);

    const origin = performance.now();
    const now = () => (performance.now() - origin) / 1000;
    const [getRun, postRun] = mixed(origin) as [
      ReturnType<typeof startLoad>,
      ReturnType<typeof startLoad>,
    ];
    const windows: ConditionWindow[] = [];
    const work: Record<string, unknown> = {};
    const hold = async (condition: string, seconds: number) => {
      const start = await cloud.mark();
      const from = now();
      await sleep(seconds);
      const end = await cloud.mark();
      windows.push({ condition, from, to: now(), cpuMicros: end.cpuMicros - start.cpuMicros });
    };
    if (emulated) {
      for (const condition of schedule(variants, index)) {
        const variant = variants.find((v) => v.name === condition);
        const priority = variant && 'emulated' in variant.kind ? variant.kind.emulated : undefined;
        if (priority) await cloud.busyStart(priority);
        await hold(condition, config.windowSeconds);
        if (priority) work[condition] = merge(work[condition], await cloud.busyStop(priority));
      }
    } else {
      await hold('idle', config.analyzeWindowSeconds);
      for (const variant of variants) {
        const feeder = new AnalyzeFeeder(
          cloud.url,
          writers.map((w) => w.headers),
          analyzeFeeder,
        );
        await feeder.start();
        await sleep(config.analyzeRampSeconds);
        await hold(variant.name, config.analyzeWindowSeconds);
        work[variant.name] = await feeder.stop();
      }
    }
    getRun.stop();
    postRun.stop();
    const [gets, posts] = await Promise.all([getRun.done, postRun.done]);

    const conditions = Object.fromEntries(
      ['idle', ...variants.map((v) => v.name)].map((condition) => {
        const seconds = secondsIn(windows, condition);
        return [
          condition,
          {
            get: figuresOf(samplesIn(gets.samples, windows, condition), seconds),
            post: figuresOf(samplesIn(posts.samples, windows, condition), seconds),
            seconds,
            cpuCores: coresIn(windows, condition),
          },
        ];
      }),
    );
    const getOnlyFigures = figuresOf(getOnly.samples, getOnly.seconds);
    return {
      hello: {
        ...figuresOf(helloRun.samples, helloRun.seconds),
        cpuMsPerRequest: helloCpuMs / helloRun.samples.length,
      },
      getOnly: {
        ...getOnlyFigures,
        cpuMsPerRequest:
          (afterGets.cpuMicros - beforeGets.cpuMicros) / 1000 / getOnly.samples.length,
        settledFirst: settled,
        coldStarts: startedBetween(beforeGets.coldStarts, afterGets.coldStarts),
      },
      conditions,
      connectionErrors: gets.connectionErrors + posts.connectionErrors + getOnly.connectionErrors,
      windows,
      series: latencySeries(gets.samples, config.bucketSeconds),
      work,
      failures: (await cloud.mark()).failures,
    };
  } finally {
    await cloud.close();
    await hello.close();
  }
}

/**
 * `cycles` rounds of every condition, each round starting one place further
 * on, and each repetition one further still, so no condition always follows
 * the same one.
 */
export function schedule(variants: readonly BusyVariant[], repetition: number): string[] {
  const conditions = ['idle', ...variants.map((v) => v.name)];
  const order: string[] = [];
  for (let cycle = 0; cycle < config.cycles; cycle += 1) {
    const shift = (cycle + repetition) % conditions.length;
    order.push(...conditions.slice(shift), ...conditions.slice(0, shift));
  }
  return order;
}

/** Cold starts by function between two marks, only the functions that had any. */
function startedBetween(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
): Record<string, number> {
  const started: Record<string, number> = {};
  for (const [name, count] of Object.entries(after)) {
    const more = count - (before[name] ?? 0);
    if (more > 0) started[name] = more;
  }
  return started;
}

/** Adds up the job counts of several windows of one variant. */
function merge(total: unknown, next: unknown): unknown {
  const a = total as { jobs: number; failed: number; meanDurationMs: number } | undefined;
  const b = next as { jobs: number; failed: number; meanDurationMs: number } | null;
  if (!b) return a ?? null;
  if (!a) return b;
  const jobs = a.jobs + b.jobs;
  return {
    jobs,
    failed: a.failed + b.failed,
    meanDurationMs: jobs > 0 ? (a.meanDurationMs * a.jobs + b.meanDurationMs * b.jobs) / jobs : 0,
  };
}

async function seedPosts(
  url: string,
  writers: readonly { headers: Readonly<Record<string, string>>; body: string }[],
  count: number,
): Promise<string[]> {
  const api = createApiClient(url, { middleware: [contractCheck] });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const writer = writers[i % writers.length] as (typeof writers)[number];
    // The writers' bodies are the load's (JSON text); the typed client takes the post itself.
    const body = JSON.parse(writer.body) as components['schemas']['NewPost'];
    const { data, error, response } = await api.POST('/posts', { headers: writer.headers, body });
    if (response.status !== 201 || !data?.id) {
      throw new Error(`seeding: POST /posts answered ${response.status} ${JSON.stringify(error)}`);
    }
    ids.push(data.id);
  }
  return ids;
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
