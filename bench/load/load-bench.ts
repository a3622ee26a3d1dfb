import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { routes } from '../../lib/service';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { newPostBody } from '../harness/api-gateway-event';
import { renderTable } from '../harness/report-table';
import { runDate, scratchDir, writeResult } from '../harness/results-file';
import { formatSummary, summarize, type Summary } from '../harness/summary';
import { AnalyzeFeeder, type FeederConfig } from './analyze-feeder';
import { CloudHandle } from './cloud-handle';
import type { EmulatedJobsConfig } from './emulated-jobs';
import { startHelloServer } from './hello-handle';
import { idleBusyLines, renderChart } from './latency-chart';
import { latencySeries, type SeriesPoint } from './latency-series';
import { runLoad, type LoadResult } from './load-generator';

/**
 * Headers every write carries. Once writes need a token (auth), add one line:
 *   authorization: `Bearer ${execFileSync('npm', ['run', '-s', 'token', '--', 'bench-load']).toString().trim()}`,
 */
const writeHeaders: Readonly<Record<string, string>> = {
  'content-type': 'application/json',
};

const config = {
  repetitions: 3,
  /** The measured phases: GET and POST at once, each at its own fixed concurrency. */
  getConnections: 8,
  postConnections: 2,
  phaseSeconds: 10,
  /** The throughput comparison: GET alone vs the hello-world server, same connections. */
  throughputConnections: 10,
  throughputSeconds: 5,
  warmupSeconds: 4,
  seededPosts: 100,
  /**
   * Pause between phases: a load run ends with requests in flight whose
   * invocations still hold containers; the next phase must not find them busy.
   */
  settleSeconds: 2,
  bucketSeconds: 0.5,
} as const;

/** Without `POST /analyze`: the worker's concurrency floor (an SQS event source's minimum maximum concurrency is 2). */
const emulatedJobs: EmulatedJobsConfig = { concurrency: 2, textChars: 50_000, jobCpuMs: 250 };
const feeder: FeederConfig = { burst: 20, perSecond: 2, textChars: 50_000 };

const TARGETS = { p99Ratio: 1.5, p50Ratio: 1.3, throughputShare: 0.5 };

interface PhaseFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

interface Repetition {
  readonly hello: PhaseFigures;
  readonly getOnly: PhaseFigures;
  readonly idle: { get: PhaseFigures; post: PhaseFigures; cpuCores: number };
  readonly busy: { get: PhaseFigures; post: PhaseFigures; cpuCores: number; work: unknown };
  readonly series: { idle: SeriesPoint[]; busy: SeriesPoint[] };
  /** Lines of failed invocations seen in the cloud process, if any. */
  readonly failures: readonly string[];
}

/**
 * Latency under load on the local cloud (the runtime `npm run dev` runs),
 * idle and then while CPU-heavy jobs are processed, beside a bare node:http
 * server measured in the same repetition.
 */
export const loadBenchmark: Benchmark = {
  name: 'load',
  title: 'Latency under load, idle vs busy, on the local cloud',
  async run(log) {
    const analyzeRoute = routes.some((r) => r.method === 'POST' && r.path === '/analyze');
    const busyMode = analyzeRoute
      ? {
          mode: 'analyze-route',
          description: `POST /analyze jobs on ${feeder.textChars}-character texts: a burst of ${feeder.burst}, then ${feeder.perSecond}/s, processed by the service's own workers`,
          feeder,
        }
      : {
          mode: 'emulated',
          description: `lib/service.ts has no POST /analyze yet: ${emulatedJobs.concurrency} containers of a CPU-bound text-analysis function (${emulatedJobs.textChars} characters, ${emulatedJobs.jobCpuMs} ms of CPU per job) kept saturated in a Lambda pool of the same local cloud process`,
          emulatedJobs,
        };
    log(`  busy phase: ${busyMode.description}`);

    const root = join(scratchDir, 'load');
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const repetitions: Repetition[] = [];
    for (let rep = 0; rep < config.repetitions; rep += 1) {
      repetitions.push(await repetition(join(root, `rep-${rep}`), analyzeRoute));
      const last = repetitions.at(-1) as Repetition;
      log(
        `  repetition ${rep + 1}/${config.repetitions}: GET p99 idle ${last.idle.get.p99Ms.toFixed(1)} ms, busy ${last.busy.get.p99Ms.toFixed(1)} ms`,
      );
    }
    await rm(root, { recursive: true, force: true });

    const over = (f: (r: Repetition) => number): Summary => summarize(repetitions.map(f));
    const summary = {
      helloRps: over((r) => r.hello.requestsPerSecond),
      getOnlyRps: over((r) => r.getOnly.requestsPerSecond),
      throughputShare: over((r) => r.getOnly.requestsPerSecond / r.hello.requestsPerSecond),
      get: {
        idle: phaseSummary(repetitions.map((r) => r.idle.get)),
        busy: phaseSummary(repetitions.map((r) => r.busy.get)),
        p99Ratio: over((r) => r.busy.get.p99Ms / r.idle.get.p99Ms),
        p50Ratio: over((r) => r.busy.get.p50Ms / r.idle.get.p50Ms),
      },
      post: {
        idle: phaseSummary(repetitions.map((r) => r.idle.post)),
        busy: phaseSummary(repetitions.map((r) => r.busy.post)),
        p99Ratio: over((r) => r.busy.post.p99Ms / r.idle.post.p99Ms),
        p50Ratio: over((r) => r.busy.post.p50Ms / r.idle.post.p50Ms),
      },
      cpuCores: { idle: over((r) => r.idle.cpuCores), busy: over((r) => r.busy.cpuCores) },
      errors: repetitions.reduce(
        (sum, r) =>
          sum +
          r.getOnly.errors +
          r.idle.get.errors +
          r.idle.post.errors +
          r.busy.get.errors +
          r.busy.post.errors,
        0,
      ),
    };

    // The chart shows the repetition whose p99 ratio is the median one.
    const byRatio = [...repetitions.keys()].sort(
      (a, b) => ratio(repetitions[a] as Repetition) - ratio(repetitions[b] as Repetition),
    );
    const shown = byRatio[Math.floor(byRatio.length / 2)] as number;
    const chosen = repetitions[shown] as Repetition;
    const svg = renderChart({
      title: 'GET /posts/{id} latency on the local cloud: idle vs busy',
      subtitle: `${runDate()}, repetition ${shown + 1} of ${repetitions.length} (the median p99 ratio, ${ratio(chosen).toFixed(2)}x); busy = ${busyMode.mode === 'emulated' ? 'emulated CPU-heavy jobs' : 'POST /analyze jobs'}`,
      xLabel: `seconds into the phase (${config.getConnections} GET + ${config.postConnections} POST connections)`,
      yLabel: `latency (ms), per ${config.bucketSeconds} s`,
      xMax: config.phaseSeconds,
      lines: idleBusyLines(chosen.series.idle, chosen.series.busy),
    });
    const chartFile = await writeResult('load', svg, 'svg');

    const x = (s: Summary) => `${formatSummary(s, 2)}x`;
    const targets: TargetCheck[] = [
      {
        figure: 'GET /posts/{id} p99 busy/idle',
        value: `${summary.get.p99Ratio.median.toFixed(2)}x`,
        target: `<= ${TARGETS.p99Ratio}x`,
        met: summary.get.p99Ratio.median <= TARGETS.p99Ratio,
      },
      {
        figure: 'GET /posts/{id} p50 busy/idle',
        value: `${summary.get.p50Ratio.median.toFixed(2)}x`,
        target: `<= ${TARGETS.p50Ratio}x`,
        met: summary.get.p50Ratio.median <= TARGETS.p50Ratio,
      },
      {
        figure: 'errors (non-2xx, connection errors)',
        value: String(summary.errors),
        target: '0',
        met: summary.errors === 0,
      },
      {
        figure: 'GET /posts/{id} idle rps / hello-world rps',
        value: `${(summary.throughputShare.median * 100).toFixed(0)}%`,
        target: `>= ${TARGETS.throughputShare * 100}%`,
        met: summary.throughputShare.median >= TARGETS.throughputShare,
      },
    ];
    const row = (
      name: string,
      idle: PhaseSummary,
      busy: PhaseSummary,
      p50: Summary,
      p99: Summary,
    ) => [
      name,
      `${idle.p50Ms.median.toFixed(1)} / ${idle.p99Ms.median.toFixed(1)}`,
      `${busy.p50Ms.median.toFixed(1)} / ${busy.p99Ms.median.toFixed(1)}`,
      `${idle.requestsPerSecond.median.toFixed(0)} / ${busy.requestsPerSecond.median.toFixed(0)}`,
      x(p50),
      x(p99),
    ];
    const table = [
      renderTable(
        [
          'route',
          'idle p50/p99 ms',
          'busy p50/p99 ms',
          'rps idle/busy',
          'p50 busy/idle',
          'p99 busy/idle',
        ],
        [
          row(
            'GET /posts/{id}',
            summary.get.idle,
            summary.get.busy,
            summary.get.p50Ratio,
            summary.get.p99Ratio,
          ),
          row(
            'POST /posts',
            summary.post.idle,
            summary.post.busy,
            summary.post.p50Ratio,
            summary.post.p99Ratio,
          ),
        ],
      ),
      '',
      renderTable(
        ['throughput', `rps (${config.throughputConnections} connections)`],
        [
          ['node:http hello world', formatSummary(summary.helloRps, 0)],
          ['GET /posts/{id} alone', formatSummary(summary.getOnlyRps, 0)],
          ['share', `${(summary.throughputShare.median * 100).toFixed(0)}%`],
        ],
      ),
      '',
      `errors: ${summary.errors}; cloud process CPU, cores: idle ${formatSummary(summary.cpuCores.idle, 2)}, busy ${formatSummary(summary.cpuCores.busy, 2)}`,
    ].join('\n');

    return {
      results: {
        config,
        busy: busyMode,
        throttling: 'off: the benchmark measures the runtime, not the configured rates',
        writeHeaders: Object.keys(writeHeaders),
        summary,
        chart: { file: chartFile, repetition: shown + 1 },
        repetitions,
      },
      table,
      targets,
      files: [chartFile],
    };
  },
};

function ratio(r: Repetition): number {
  return r.busy.get.p99Ms / r.idle.get.p99Ms;
}

async function repetition(dir: string, analyzeRoute: boolean): Promise<Repetition> {
  await mkdir(dir, { recursive: true });
  const hello = await startHelloServer(dir);
  const cloud = await CloudHandle.start(
    join(dir, 'cloud'),
    analyzeRoute ? undefined : emulatedJobs,
  );
  try {
    const ids = await seedPosts(cloud.url, config.seededPosts);
    const getPaths = ids.map((id) => `/posts/${id}`);
    const mixed = (seconds: number) =>
      Promise.all([
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
    const settle = () => new Promise((resolve) => setTimeout(resolve, config.settleSeconds * 1000));

    await runLoad({
      url: hello.url,
      connections: config.throughputConnections,
      durationSeconds: 1,
    });
    const helloRun = await runLoad({
      url: hello.url,
      connections: config.throughputConnections,
      durationSeconds: config.throughputSeconds,
    });
    // Containers start cold: spawn and warm them before anything is measured.
    await mixed(config.warmupSeconds);
    await settle();
    const getOnly = await runLoad({
      url: cloud.url,
      connections: config.throughputConnections,
      durationSeconds: config.throughputSeconds,
      paths: getPaths,
    });

    await settle();
    const idleStart = await cloud.mark();
    const [idleGet, idlePost] = await mixed(config.phaseSeconds);
    const idleEnd = await cloud.mark();

    await settle();
    const jobs = analyzeRoute ? new AnalyzeFeeder(cloud.url, writeHeaders, feeder) : undefined;
    if (jobs) await jobs.start();
    else await cloud.busyStart();
    // Let the workers reach their steady state before measuring.
    await new Promise((resolve) => setTimeout(resolve, analyzeRoute ? 2_000 : 500));
    const busyStart = await cloud.mark();
    const [busyGet, busyPost] = await mixed(config.phaseSeconds);
    const busyEnd = await cloud.mark();
    const work = jobs ? await jobs.stop() : await cloud.busyStop();

    const cores = (a: { cpuMicros: number; at: number }, b: { cpuMicros: number; at: number }) =>
      (b.cpuMicros - a.cpuMicros) / 1000 / (b.at - a.at);
    return {
      hello: figures(helloRun),
      getOnly: figures(getOnly),
      idle: { get: figures(idleGet), post: figures(idlePost), cpuCores: cores(idleStart, idleEnd) },
      busy: {
        get: figures(busyGet),
        post: figures(busyPost),
        cpuCores: cores(busyStart, busyEnd),
        work,
      },
      series: {
        idle: latencySeries(idleGet.samples, config.bucketSeconds),
        busy: latencySeries(busyGet.samples, config.bucketSeconds),
      },
      failures: busyEnd.failures,
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

/** A phase's figures without its raw samples (those go into the series). */
function figures(result: LoadResult): PhaseFigures {
  const { requests, requestsPerSecond, p50Ms, p99Ms, maxMs, errors, statusCodes } = result;
  return { requests, requestsPerSecond, p50Ms, p99Ms, maxMs, errors, statusCodes };
}

interface PhaseSummary {
  readonly requestsPerSecond: Summary;
  readonly p50Ms: Summary;
  readonly p99Ms: Summary;
  readonly maxMs: Summary;
  readonly errors: number;
}

function phaseSummary(phases: readonly PhaseFigures[]): PhaseSummary {
  return {
    requestsPerSecond: summarize(phases.map((p) => p.requestsPerSecond)),
    p50Ms: summarize(phases.map((p) => p.p50Ms)),
    p99Ms: summarize(phases.map((p) => p.p99Ms)),
    maxMs: summarize(phases.map((p) => p.maxMs)),
    errors: phases.reduce((sum, p) => sum + p.errors, 0),
  };
}
