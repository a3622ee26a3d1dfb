import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { routes } from '../../lib/description';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { renderTable } from '../harness/report-table';
import { runDate, scratchDir, writeResult } from '../harness/results-file';
import { formatSummary, summarize, type Summary } from '../harness/summary';
import { LOW_PRIORITY_NICENESS } from './emulated-jobs';
import { percentileLines, renderChart } from './latency-chart';
import {
  analyzeFeeder,
  emulatedJobs,
  loadConfig as config,
  loadTargets,
  writeHeaders,
} from './load-config';
import type { PhaseFigures } from './load-generator';
import { runRepetition, type BusyVariant, type Repetition } from './load-repetition';

/** Issue 15's GET rps: a multiple of the 2026-11-26 figure. */
const getRpsTarget = loadTargets.issue15.baselineGetRps * loadTargets.issue15.rpsFactor;

const bandColors: Readonly<Record<string, string>> = {
  idle: '#dbeafe',
  busy: '#fee2e2',
  'busy-low-priority': '#dcfce7',
};

/**
 * Latency under load on the local cloud (the runtime `npm run dev` runs),
 * idle and while CPU-heavy jobs are processed, beside a bare node:http
 * server measured in the same repetition.
 */
export const loadBenchmark: Benchmark = {
  async run(log) {
    const variants = busyVariants();
    for (const variant of variants) log(`  ${variant.name}: ${variant.label}`);

    const root = join(scratchDir, 'load');
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const repetitions: Repetition[] = [];
    for (let rep = 0; rep < config.repetitions; rep += 1) {
      const done = await runRepetition(join(root, `rep-${rep}`), variants, rep);
      repetitions.push(done);
      log(
        `  repetition ${rep + 1}/${config.repetitions}: GET p99 ${Object.entries(done.conditions)
          .map(([name, c]) => `${name} ${c.get.p99Ms.toFixed(1)} ms`)
          .join(', ')}`,
      );
    }
    await rm(root, { recursive: true, force: true });

    const over = (f: (r: Repetition) => number): Summary => summarize(repetitions.map(f));
    const condition = (r: Repetition, name: string) => {
      const found = r.conditions[name];
      if (!found) throw new Error(`repetition without ${name}`);
      return found;
    };
    const conditions = Object.fromEntries(
      ['idle', ...variants.map((v) => v.name)].map((name) => [
        name,
        {
          get: phaseSummary(repetitions.map((r) => condition(r, name).get)),
          post: phaseSummary(repetitions.map((r) => condition(r, name).post)),
          cpuCores: over((r) => condition(r, name).cpuCores),
          // Ratios to idle, taken within each repetition.
          getP50Ratio: over((r) => condition(r, name).get.p50Ms / condition(r, 'idle').get.p50Ms),
          getP99Ratio: over((r) => condition(r, name).get.p99Ms / condition(r, 'idle').get.p99Ms),
          postP50Ratio: over(
            (r) => condition(r, name).post.p50Ms / condition(r, 'idle').post.p50Ms,
          ),
          postP99Ratio: over(
            (r) => condition(r, name).post.p99Ms / condition(r, 'idle').post.p99Ms,
          ),
        },
      ]),
    );
    const errors = repetitions.reduce(
      (sum, r) =>
        sum +
        r.connectionErrors +
        r.getOnly.non2xx +
        Object.values(r.conditions).reduce((s, c) => s + c.get.non2xx + c.post.non2xx, 0),
      0,
    );
    const summary = {
      helloRps: over((r) => r.hello.requestsPerSecond),
      getOnlyRps: over((r) => r.getOnly.requestsPerSecond),
      getOnlyCpuMsPerRequest: over((r) => r.getOnly.cpuMsPerRequest),
      helloCpuMsPerRequest: over((r) => r.hello.cpuMsPerRequest),
      cpuPerGetRatio: over((r) => r.getOnly.cpuMsPerRequest / r.hello.cpuMsPerRequest),
      throughputShare: over((r) => r.getOnly.requestsPerSecond / r.hello.requestsPerSecond),
      conditions,
      errors,
    };

    // The chart shows the repetition whose first busy p99 ratio is the median one.
    const first = variants[0]?.name ?? 'busy';
    const ratioOf = (r: Repetition) =>
      condition(r, first).get.p99Ms / condition(r, 'idle').get.p99Ms;
    const order = [...repetitions.keys()].sort(
      (a, b) => ratioOf(repetitions[a] as Repetition) - ratioOf(repetitions[b] as Repetition),
    );
    const shown = order[Math.floor(order.length / 2)] as number;
    const chosen = repetitions[shown] as Repetition;
    const chartFile = await writeResult(
      'load',
      renderChart({
        title: 'GET /posts/{id} latency on the local cloud, idle and busy taking turns',
        subtitle: `${runDate()}, repetition ${shown + 1} of ${repetitions.length} (the median ${first}/idle p99 ratio, ${ratioOf(chosen).toFixed(2)}x); ${config.getConnections} GET + ${config.postConnections} POST connections`,
        xLabel: 'seconds into the measured run (shaded: which condition held; gaps: switching)',
        yLabel: `latency (ms), per ${config.bucketSeconds} s`,
        xMax: Math.ceil(Math.max(...chosen.windows.map((w) => w.to))),
        lines: percentileLines('GET', '#111827', chosen.series),
        bands: chosen.windows.map((w) => ({
          from: w.from,
          to: w.to,
          label: w.condition,
          color: bandColors[w.condition] ?? '#f3f4f6',
        })),
      }),
      'svg',
    );

    const targets: TargetCheck[] = [
      ...variants.flatMap((v) => {
        const c = conditions[v.name] as (typeof conditions)[string];
        return [
          {
            figure: `GET /posts/{id} p99 ${v.name}/idle`,
            value: `${c.getP99Ratio.median.toFixed(2)}x`,
            target: `<= ${loadTargets.p99Ratio}x`,
            met: c.getP99Ratio.median <= loadTargets.p99Ratio,
          },
          {
            figure: `GET /posts/{id} p50 ${v.name}/idle`,
            value: `${c.getP50Ratio.median.toFixed(2)}x`,
            target: `<= ${loadTargets.p50Ratio}x`,
            met: c.getP50Ratio.median <= loadTargets.p50Ratio,
          },
        ];
      }),
      {
        figure: 'errors (non-2xx, connection errors), all runs',
        value: String(errors),
        target: '0',
        met: errors === 0,
      },
      {
        figure: `GET /posts/{id} rps (issue 15: 2x the 2026-11-26 ${loadTargets.issue15.baselineGetRps.toFixed(0)})`,
        value: summary.getOnlyRps.median.toFixed(0),
        target: `>= ${getRpsTarget.toFixed(0)}`,
        met: summary.getOnlyRps.median >= getRpsTarget,
      },
      {
        figure: 'cloud CPU per GET (issue 15)',
        value: `${summary.getOnlyCpuMsPerRequest.median.toFixed(2)} ms`,
        target: `< ${loadTargets.issue15.cpuMsPerGet} ms`,
        met: summary.getOnlyCpuMsPerRequest.median < loadTargets.issue15.cpuMsPerGet,
      },
      {
        figure: 'cloud CPU per GET / hello-world CPU per request',
        value: `${summary.cpuPerGetRatio.median.toFixed(1)}x (${summary.getOnlyCpuMsPerRequest.median.toFixed(2)} ms)`,
        target: `<= ${loadTargets.cpuPerGetRatio}x`,
        met: summary.cpuPerGetRatio.median <= loadTargets.cpuPerGetRatio,
      },
      {
        figure: 'GET /posts/{id} rps / hello-world rps',
        value: `${(summary.throughputShare.median * 100).toFixed(1)}%`,
        target: `>= ${loadTargets.throughputShare * 100}%`,
        met: summary.throughputShare.median >= loadTargets.throughputShare,
      },
    ];

    const ms = (p: PhaseSummary) => `${p.p50Ms.median.toFixed(1)} / ${p.p99Ms.median.toFixed(1)}`;
    const x = (s: Summary) => `${formatSummary(s, 2)}x`;
    const table = [
      renderTable(
        [
          'condition',
          'GET p50/p99 ms',
          'GET rps',
          'GET p50, p99 vs idle',
          'POST p50/p99 ms',
          'POST rps',
          'CPU cores',
        ],
        Object.entries(conditions).map(([name, c]) => [
          name,
          ms(c.get),
          c.get.requestsPerSecond.median.toFixed(0),
          name === 'idle' ? '' : `${x(c.getP50Ratio)}, ${x(c.getP99Ratio)}`,
          ms(c.post),
          c.post.requestsPerSecond.median.toFixed(0),
          formatSummary(c.cpuCores, 2),
        ]),
      ),
      '',
      renderTable(
        ['throughput', `rps, ${config.throughputConnections} connections`],
        [
          ['node:http hello world', formatSummary(summary.helloRps, 0)],
          ['GET /posts/{id} alone', formatSummary(summary.getOnlyRps, 0)],
          ['  cloud CPU per GET, ms', formatSummary(summary.getOnlyCpuMsPerRequest, 2)],
          ['  hello-world CPU per request, ms', formatSummary(summary.helloCpuMsPerRequest, 3)],
          ['  ratio', `${formatSummary(summary.cpuPerGetRatio, 1)}x`],
          ['share', `${(summary.throughputShare.median * 100).toFixed(1)}%`],
        ],
      ),
      '',
      `errors: ${errors}`,
    ].join('\n');

    return {
      results: {
        config,
        busyVariants: variants,
        throttling: 'off: the benchmark measures the runtime, not the configured rates',
        writeHeaders: Object.keys(writeHeaders('…')),
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

/** The service's own `POST /analyze` when lib/description/ has it; emulated jobs until then. */
function busyVariants(): BusyVariant[] {
  if (routes.some((r) => r.method === 'POST' && r.path === '/analyze')) {
    return [
      {
        name: 'busy',
        label: `POST /analyze: a burst of ${analyzeFeeder.burst} jobs on ${analyzeFeeder.textChars}-character texts, then ${analyzeFeeder.perSecond}/s, processed by the service's own workers (queue workers run at nice 19 locally)`,
        kind: { analyzeRoute: true },
      },
    ];
  }
  return [
    {
      name: 'busy',
      label: `emulated (no POST /analyze in lib/description/ yet): ${emulatedJobs.concurrency} containers of a CPU-bound text-analysis function (${emulatedJobs.textChars} characters, the analysis ${emulatedJobs.passes} times a job), kept saturated, at normal priority as every Lambda pool runs today`,
      kind: { emulated: 'normal' },
    },
    {
      name: 'busy-low-priority',
      label: `the same jobs with the pool's containers at nice ${LOW_PRIORITY_NICENESS} (PoolOptions.niceness), as worker pools could run`,
      kind: { emulated: 'low' },
    },
  ];
}

interface PhaseSummary {
  readonly requestsPerSecond: Summary;
  readonly p50Ms: Summary;
  readonly p99Ms: Summary;
  readonly maxMs: Summary;
  readonly non2xx: number;
}

function phaseSummary(phases: readonly PhaseFigures[]): PhaseSummary {
  return {
    requestsPerSecond: summarize(phases.map((p) => p.requestsPerSecond)),
    p50Ms: summarize(phases.map((p) => p.p50Ms)),
    p99Ms: summarize(phases.map((p) => p.p99Ms)),
    maxMs: summarize(phases.map((p) => p.maxMs)),
    non2xx: phases.reduce((sum, p) => sum + p.non2xx, 0),
  };
}
