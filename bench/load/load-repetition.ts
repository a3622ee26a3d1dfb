import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { newPostBody } from '../harness/api-gateway-event';
import { AnalyzeFeeder } from './analyze-feeder';
import { CloudHandle } from './cloud-handle';
import type { JobPriority } from './emulated-jobs';
import { startHelloServer } from './hello-handle';
import { latencySeries, type SeriesPoint } from './latency-series';
import { analyzeFeeder, emulatedJobs, loadConfig as config, writeHeaders } from './load-config';
import { runLoad, type LoadResult } from './load-generator';

export interface PhaseFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

export interface MixedPhase {
  readonly get: PhaseFigures;
  readonly post: PhaseFigures;
  /** CPU the cloud process used (all its threads), in cores. */
  readonly cpuCores: number;
  readonly series: readonly SeriesPoint[];
  /** What the jobs got done meanwhile (busy phases). */
  readonly work?: unknown;
}

/** A busy phase: what keeps the workers busy while GET and POST are measured. */
export interface BusyVariant {
  readonly name: string;
  readonly label: string;
  readonly kind: { readonly emulated: JobPriority } | { readonly analyzeRoute: true };
}

export interface Repetition {
  readonly hello: PhaseFigures;
  readonly getOnly: PhaseFigures & {
    /** CPU the cloud process spent per GET (all threads): what bounds its throughput. */
    readonly cpuMsPerRequest: number;
  };
  readonly idle: MixedPhase;
  readonly busy: Readonly<Record<string, MixedPhase>>;
  /** The order the measured phases ran in. */
  readonly order: readonly string[];
  /** Lines of failed invocations seen in the cloud process, if any. */
  readonly failures: readonly string[];
}

/**
 * One repetition, every comparison inside it: a fresh hello-world server and
 * a fresh local cloud; hello-world throughput, GET alone, then GET and POST
 * together idle and during each busy variant.
 */
export async function runRepetition(
  dir: string,
  variants: readonly BusyVariant[],
  index: number,
): Promise<Repetition> {
  await mkdir(dir, { recursive: true });
  const emulated = variants.some((v) => 'emulated' in v.kind);
  const hello = await startHelloServer(dir);
  const cloud = await CloudHandle.start(join(dir, 'cloud'), emulated ? emulatedJobs : undefined);
  const settle = () => sleep(config.settleSeconds);
  try {
    const getPaths = (await seedPosts(cloud.url, config.seededPosts)).map((id) => `/posts/${id}`);
    const mixed = async (seconds: number): Promise<Omit<MixedPhase, 'work'>> => {
      const start = await cloud.mark();
      const [get, post] = await Promise.all([
        runLoad({
          url: cloud.url,
          connections: config.getConnections,
          durationSeconds: seconds,
          paths: getPaths,
        }),
        runLoad({
          url: cloud.url,
          connections: config.postConnections,
          durationSeconds: seconds,
          method: 'POST',
          paths: ['/posts'],
          body: newPostBody('bench-load'),
          headers: writeHeaders,
        }),
      ]);
      const end = await cloud.mark();
      return {
        get: figures(get),
        post: figures(post),
        cpuCores: (end.cpuMicros - start.cpuMicros) / 1000 / (end.at - start.at),
        series: latencySeries(get.samples, config.bucketSeconds),
      };
    };

    const throughput = { connections: config.throughputConnections };
    await runLoad({ url: hello.url, ...throughput, durationSeconds: 1 });
    const helloRun = await runLoad({
      url: hello.url,
      ...throughput,
      durationSeconds: config.throughputSeconds,
    });
    // Containers start cold: spawn and warm them before anything is measured.
    await mixed(config.warmupSeconds);
    await settle();
    const beforeGets = await cloud.mark();
    const getOnly = await runLoad({
      url: cloud.url,
      ...throughput,
      durationSeconds: config.throughputSeconds,
      paths: getPaths,
    });
    const afterGets = await cloud.mark();
    // The measured phases in this repetition's order (see phaseOrder).
    let idle: MixedPhase | undefined;
    const busy: Record<string, MixedPhase> = {};
    const order = phaseOrder(variants, index);
    for (const variant of order) {
      await settle();
      if (variant === 'idle') {
        idle = await mixed(config.phaseSeconds);
        continue;
      }
      const feeder =
        'analyzeRoute' in variant.kind
          ? new AnalyzeFeeder(cloud.url, writeHeaders, analyzeFeeder)
          : undefined;
      const priority = 'emulated' in variant.kind ? variant.kind.emulated : undefined;
      if (feeder) await feeder.start();
      if (priority) await cloud.busyStart(priority);
      await sleep(feeder ? config.busyRampSeconds.analyzeRoute : config.busyRampSeconds.emulated);
      const phase = await mixed(config.phaseSeconds);
      const work = feeder ? await feeder.stop() : priority ? await cloud.busyStop(priority) : null;
      busy[variant.name] = { ...phase, work };
    }
    if (!idle) throw new Error('no idle phase ran');
    return {
      hello: figures(helloRun),
      getOnly: {
        ...figures(getOnly),
        cpuMsPerRequest: (afterGets.cpuMicros - beforeGets.cpuMicros) / 1000 / getOnly.requests,
      },
      idle,
      busy,
      order: order.map((phase) => (phase === 'idle' ? phase : phase.name)),
      failures: (await cloud.mark()).failures,
    };
  } finally {
    await cloud.close();
    await hello.close();
  }
}

async function seedPosts(url: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/posts`, {
      method: 'POST',
      headers: writeHeaders,
      body: newPostBody(`bench-seed-${i % 10}`),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 201 || !body.id) {
      throw new Error(`seeding: POST /posts answered ${response.status} ${JSON.stringify(body)}`);
    }
    ids.push(body.id);
  }
  return ids;
}

/**
 * Containers keep warming up (ten isolates, each with its own JIT) well into
 * a run, so a later phase is favoured. Emulated jobs stop at once, so their
 * phases take turns: each repetition starts one place further on. Real
 * `POST /analyze` jobs leave a queue behind them: idle then comes first.
 */
export function phaseOrder(
  variants: readonly BusyVariant[],
  index: number,
): (BusyVariant | 'idle')[] {
  const phases: (BusyVariant | 'idle')[] = ['idle', ...variants];
  if (variants.some((v) => 'analyzeRoute' in v.kind)) return phases;
  const shift = index % phases.length;
  return [...phases.slice(shift), ...phases.slice(0, shift)];
}

/** A phase's figures without its raw samples (those go into the series). */
function figures(result: LoadResult): PhaseFigures {
  const { requests, requestsPerSecond, p50Ms, p99Ms, maxMs, errors, statusCodes } = result;
  return { requests, requestsPerSecond, p50Ms, p99Ms, maxMs, errors, statusCodes };
}

function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}
