import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { routes } from '../../lib/service';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { renderTable } from '../harness/report-table';
import { runDate, scratchDir, writeResult } from '../harness/results-file';
import { formatSummary, summarize, type Summary } from '../harness/summary';
import { LOW_PRIORITY_NICENESS } from './emulated-jobs';
import { phaseLines, renderChart } from './latency-chart';
import {
  analyzeFeeder,
  emulatedJobs,
  loadConfig as config,
  loadTargets,
  writeHeaders,
} from './load-config';
import {
  runRepetition,
  type BusyVariant,
  type PhaseFigures,
  type Repetition,
} from './load-repetition';

const colors = ['#dc2626', '#16a34a'];

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
    const variants: BusyVariant[] = analyzeRoute
      ? [
          {
            name: 'busy',
            label: `POST /analyze: a burst of ${analyzeFeeder.burst} jobs on ${analyzeFeeder.textChars}-character texts, then ${analyzeFeeder.perSecond}/s, processed by the service's own workers`,
            kind: { analyzeRoute: true },
          },
        ]
      : [
          {
            name: 'busy',
            label: `emulated (no POST /analyze in lib/service.ts yet): ${emulatedJobs.concurrency} containers of a CPU-bound text-analysis function (${emulatedJobs.textChars} characters, ${emulatedJobs.jobCpuMs} ms of CPU per job), kept saturated, at normal priority as every Lambda pool runs today`,
            kind: { emulated: 'normal' },
          },
          {
            name: 'busy-low-priority',
            label: `the same jobs with the pool's containers at nice ${LOW_PRIORITY_NICENESS} (PoolOptions.niceness), as worker pools could run`,
            kind: { emulated: 'low' },
          },
        ];
    for (const variant of variants) log(`  ${variant.name}: ${variant.label}`);

    const root = join(scratchDir, 'load');
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const repetitions: Repetition[] = [];
    for (let rep = 0; rep < config.repetitions; rep += 1) {
      const done = await runRepetition(join(root, `rep-${rep}`), variants, rep);
      repetitions.push(done);
      log(
        `  repetition ${rep + 1}/${config.repetitions}: GET p99 idle ${done.idle.get.p99Ms.toFixed(1)} ms, ${variants
          .map((v) => `${v.name} ${done.busy[v.name]?.get.p99Ms.toFixed(1)} ms`)
          .join(', ')}`,
      );
    }
    await rm(root, { recursive: true, force: true });

    const over = (f: (r: Repetition) => number): Summary => summarize(repetitions.map(f));
    const phase = (r: Repetition, name: string) => {
      const found = r.busy[name];
      if (!found) throw new Error(`repetition without ${name}`);
      return found;
    };
    const busy = Object.fromEntries(
      variants.map((v) => [
        v.name,
        {
          label: v.label,
          get: phaseSummary(repetitions.map((r) => phase(r, v.name).get)),
          post: phaseSummary(repetitions.map((r) => phase(r, v.name).post)),
          getP99Ratio: over((r) => phase(r, v.name).get.p99Ms / r.idle.get.p99Ms),
          getP50Ratio: over((r) => phase(r, v.name).get.p50Ms / r.idle.get.p50Ms),
          postP99Ratio: over((r) => phase(r, v.name).post.p99Ms / r.idle.post.p99Ms),
          postP50Ratio: over((r) => phase(r, v.name).post.p50Ms / r.idle.post.p50Ms),
          cpuCores: over((r) => phase(r, v.name).cpuCores),
        },
      ]),
    );
    const errors = repetitions.reduce(
      (sum, r) =>
        sum +
        r.getOnly.errors +
        [r.idle, ...Object.values(r.busy)].reduce((s, p) => s + p.get.errors + p.post.errors, 0),
      0,
    );
    const summary = {
      helloRps: over((r) => r.hello.requestsPerSecond),
      getOnlyRps: over((r) => r.getOnly.requestsPerSecond),
      getOnlyCpuMsPerRequest: over((r) => r.getOnly.cpuMsPerRequest),
      throughputShare: over((r) => r.getOnly.requestsPerSecond / r.hello.requestsPerSecond),
      idle: {
        get: phaseSummary(repetitions.map((r) => r.idle.get)),
        post: phaseSummary(repetitions.map((r) => r.idle.post)),
        cpuCores: over((r) => r.idle.cpuCores),
      },
      busy,
      errors,
    };

    // The chart shows the repetition whose first busy p99 ratio is the median one.
    const first = variants[0]?.name ?? 'busy';
    const ratioOf = (r: Repetition) => phase(r, first).get.p99Ms / r.idle.get.p99Ms;
    const order = [...repetitions.keys()].sort(
      (a, b) => ratioOf(repetitions[a] as Repetition) - ratioOf(repetitions[b] as Repetition),
    );
    const shown = order[Math.floor(order.length / 2)] as number;
    const chosen = repetitions[shown] as Repetition;
    const chartFile = await writeResult(
      'load',
      renderChart({
        title: 'GET /posts/{id} latency on the local cloud: idle vs busy',
        subtitle: `${runDate()}, repetition ${shown + 1} of ${repetitions.length} (median ${first}/idle p99 ratio: ${ratioOf(chosen).toFixed(2)}x); ${analyzeRoute ? 'busy = POST /analyze jobs' : 'busy = emulated CPU-heavy jobs'}`,
        xLabel: `seconds into the phase (${config.getConnections} GET + ${config.postConnections} POST connections)`,
        yLabel: `latency (ms), per ${config.bucketSeconds} s`,
        xMax: config.phaseSeconds,
        lines: phaseLines([
          { label: 'idle', color: '#2563eb', series: chosen.idle.series },
          ...variants.map((v, i) => ({
            label: v.name,
            color: colors[i % colors.length] as string,
            series: phase(chosen, v.name).series,
          })),
        ]),
      }),
      'svg',
    );

    const targets: TargetCheck[] = [
      ...variants.flatMap((v) => {
        const b = busy[v.name] as (typeof busy)[string];
        return [
          {
            figure: `GET /posts/{id} p99 ${v.name}/idle`,
            value: `${b.getP99Ratio.median.toFixed(2)}x`,
            target: `<= ${loadTargets.p99Ratio}x`,
            met: b.getP99Ratio.median <= loadTargets.p99Ratio,
          },
          {
            figure: `GET /posts/{id} p50 ${v.name}/idle`,
            value: `${b.getP50Ratio.median.toFixed(2)}x`,
            target: `<= ${loadTargets.p50Ratio}x`,
            met: b.getP50Ratio.median <= loadTargets.p50Ratio,
          },
        ];
      }),
      {
        figure: 'errors (non-2xx, connection errors), all phases',
        value: String(errors),
        target: '0',
        met: errors === 0,
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
          'phase',
          'GET p50/p99 ms',
          'GET rps',
          'GET p50, p99 vs idle',
          'POST p50/p99 ms',
          'POST rps',
          'CPU cores',
        ],
        [
          [
            'idle',
            ms(summary.idle.get),
            summary.idle.get.requestsPerSecond.median.toFixed(0),
            '',
            ms(summary.idle.post),
            summary.idle.post.requestsPerSecond.median.toFixed(0),
            formatSummary(summary.idle.cpuCores, 2),
          ],
          ...variants.map((v) => {
            const b = busy[v.name] as (typeof busy)[string];
            return [
              v.name,
              ms(b.get),
              b.get.requestsPerSecond.median.toFixed(0),
              `${x(b.getP50Ratio)}, ${x(b.getP99Ratio)}`,
              ms(b.post),
              b.post.requestsPerSecond.median.toFixed(0),
              formatSummary(b.cpuCores, 2),
            ];
          }),
        ],
      ),
      '',
      renderTable(
        ['throughput', `rps, ${config.throughputConnections} connections`],
        [
          ['node:http hello world', formatSummary(summary.helloRps, 0)],
          ['GET /posts/{id} alone', formatSummary(summary.getOnlyRps, 0)],
          ['  cloud CPU per GET, ms', formatSummary(summary.getOnlyCpuMsPerRequest, 2)],
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
