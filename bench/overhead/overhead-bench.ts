import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { cp, mkdir, open, readFile, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import {
  functionEnvironment,
  functions,
  queueEnvironment,
  queueNames,
  type FunctionName,
} from '../../lib/description';
import type { Benchmark, TargetCheck } from '../harness/benchmark';
import { lambdaNode } from '../../local/lambda/lambda-node';
import { failureLines, refuseFailures } from '../harness/failure-lines';
import { buildBundle } from '../harness/bundle-build';
import { functionSubjects } from '../harness/function-subjects';
import { renderTable } from '../harness/report-table';
import { scratchDir } from '../harness/results-file';
import { formatSummary, summarize } from '../harness/summary';
import { baselineSubjects } from './baseline-subjects';
import type { BaselineOverheadReport, OverheadReport } from './overhead-child';
import { overheadSubjects } from './overhead-subjects';

const OPTIONS = {
  warmup: Number(process.env.BENCH_OVERHEAD_WARMUP ?? 3_000),
  rounds: 5,
  perRound: Number(process.env.BENCH_OVERHEAD_PER_ROUND ?? 5_000),
};
type Options = typeof OPTIONS;
/**
 * Against a baseline every invocation goes through the SDK (serializing,
 * signing, parsing: a millisecond or more, where the in-memory use-cases take
 * tens of µs), so fewer of them; the workers whose work is an image or an NLP
 * model (tens to hundreds of ms each) fewer still.
 */
const AGAINST_BASELINE: Options = {
  warmup: Math.min(OPTIONS.warmup, 500),
  rounds: OPTIONS.rounds,
  perRound: Math.min(OPTIONS.perRound, 500),
};
const HEAVY_WORK: Options = {
  warmup: 5,
  rounds: OPTIONS.rounds,
  perRound: Number(process.env.BENCH_OVERHEAD_HEAVY_PER_ROUND ?? 20),
};
const heavy = new Set<FunctionName>(['imageWorker', 'mediaWorker', 'textAnalysisWorker']);

/** `BENCH_OVERHEAD_ONLY=getJob,health`: measure only these functions. */
const only = process.env.BENCH_OVERHEAD_ONLY?.split(',');
const MAX_OVERHEAD_P50_US = 100;

/**
 * The handler files run unchanged; only their storage adapters (the table,
 * the follow-up ledger on it, the job queues) become in-memory ones.
 */
const inMemoryRepository: Plugin = {
  name: 'in-memory-adapters',
  setup(build) {
    build.onResolve({ filter: /\/adapters\/posts-table$/ }, () => ({
      path: resolve('bench/overhead/in-memory-posts-table.ts'),
    }));
    build.onResolve({ filter: /\/adapters\/post-follow-ups-table$/ }, () => ({
      path: resolve('bench/overhead/in-memory-follow-ups.ts'),
    }));
    build.onResolve({ filter: /\/adapters\/sqs-job-queue$/ }, () => ({
      path: resolve('bench/overhead/in-memory-job-queue.ts'),
    }));
  },
};

const stubTransport = resolve('bench/overhead/stub-aws-transport.ts');

/**
 * Every AWS SDK client of the function and of its baseline gets the
 * in-process transport (stub-aws-transport.ts, which itself re-exports the
 * rest of the real package).
 */
const inProcessTransport: Plugin = {
  name: 'in-process-aws-transport',
  setup(build) {
    build.onResolve({ filter: /^@smithy\/node-http-handler$/ }, (args) =>
      args.importer === stubTransport ? undefined : { path: stubTransport },
    );
  },
};

/** Where the child's functions think their resources are (nothing is reached: see the transport). */
const queueUrlOf = (queue: string) =>
  `https://sqs.us-east-1.amazonaws.com/000000000000/bench-${queue}`;

/**
 * Warm per-invocation cost of the middleware stack: each API handler, built
 * from its own file with the deployed bundling options and its repository
 * swapped for the in-memory one, against the bare use-case call, in a fresh
 * process per function (one warm container).
 */
export const overheadBenchmark: Benchmark = {
  async run(log) {
    const dir = join(scratchDir, 'overhead');
    await mkdir(dir, { recursive: true });
    // Asset folders (the image worker's fonts) sit beside the bundles, as the stack ships them.
    for (const assets of new Set(Object.values(functions).flatMap((f) => f.assetDirs ?? []))) {
      await cp(resolve(assets), join(dir, basename(assets)), { recursive: true });
    }
    const measured = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const subject of (await functionSubjects()).filter(
      (s) => !only || only.includes(s.name),
    )) {
      if (!overheadSubjects[subject.name]) {
        if (!baselineSubjects[subject.name] || !subject.baseline) {
          skipped.push({
            name: subject.name,
            reason: 'no invocation defined in bench/overhead/baseline-subjects.ts',
          });
          continue;
        }
        const options = heavy.has(subject.name) ? HEAVY_WORK : AGAINST_BASELINE;
        const source = [
          `import { handler } from ${JSON.stringify(`./${subject.entry}`)};`,
          `import { handler as baseline } from ${JSON.stringify(`./${subject.baseline}`)};`,
          `import { measureAgainstBaseline } from './bench/overhead/overhead-child';`,
          `await measureAgainstBaseline(${JSON.stringify(subject.name)}, handler as never, baseline as never, ${JSON.stringify(options)});`,
        ].join('\n');
        const bundle = await buildBundle({ source }, join(dir, `${subject.name}.mjs`), {
          nativeModules: subject.nativeModules,
          plugins: [inProcessTransport],
        });
        const { report, stdoutBytes } = await runChild(bundle.path, subject.name);
        measured.push({
          ...figures(report, stdoutBytes, options),
          name: subject.name,
          bare: 'baseline' as const,
          options,
          calls: (report as BaselineOverheadReport).calls,
        });
        log(`  ${subject.name}: done`);
        continue;
      }
      const source = [
        `import { handler } from ${JSON.stringify(`./${subject.entry}`)};`,
        `import { measureOverhead } from './bench/overhead/overhead-child';`,
        `await measureOverhead(${JSON.stringify(subject.name)}, handler as never, ${JSON.stringify(OPTIONS)});`,
      ].join('\n');
      const bundle = await buildBundle({ source }, join(dir, `${subject.name}.mjs`), {
        nativeModules: subject.nativeModules,
        // The per-caller limit's counter (a DynamoDB update in the middleware) is answered
        // in process too: without it every signed-in write waited out the counter's budget.
        plugins: [inMemoryRepository, inProcessTransport],
      });
      const { report, stdoutBytes } = await runChild(bundle.path, subject.name);
      measured.push({
        ...figures(report, stdoutBytes, OPTIONS),
        name: subject.name,
        bare: 'use-case' as const,
        options: OPTIONS,
      });
      log(`  ${subject.name}: done`);
    }

    const targets: TargetCheck[] = [
      ...measured.map((m) => ({
        figure: `${m.name} middleware overhead p50`,
        value: `${m.overheadUs.p50.median.toFixed(1)} µs`,
        target: `<= ${MAX_OVERHEAD_P50_US} µs`,
        met: m.overheadUs.p50.median <= MAX_OVERHEAD_P50_US,
      })),
      ...skipped.map((s) => ({
        figure: `${s.name} middleware overhead p50`,
        value: `not measured: ${s.reason}`,
        target: `<= ${MAX_OVERHEAD_P50_US} µs`,
        met: null,
      })),
    ];
    return {
      results: {
        unit: 'µs per invocation',
        options: OPTIONS,
        method:
          'full = the handler (middy, Logger, Metrics, deadline, problem+json) on its event; bare "use-case" (the four posts routes) = the use-case it calls, same in-memory repository; bare "baseline" (every other function) = its bare handler in bench/baselines/ on the same event, both with every AWS SDK call answered in process (bench/overhead/stub-aws-transport.ts: serialized, signed and parsed as in Lambda, no network), calls = the AWS calls of one invocation of each; overhead = full - bare, per round',
        functions: measured,
        skipped,
      },
      table: renderTable(
        [
          'function',
          'bare',
          'AWS calls',
          'handler p50/p99 µs',
          'bare p50/p99 µs',
          'overhead p50 µs',
          'overhead p99 µs',
        ],
        measured.map((m) => [
          m.name,
          m.bare,
          'calls' in m && m.calls ? `${callCount(m.calls.full)} / ${callCount(m.calls.bare)}` : '',
          `${m.fullUs.p50.median.toFixed(1)} / ${m.fullUs.p99.median.toFixed(1)}`,
          `${m.bareUs.p50.median.toFixed(1)} / ${m.bareUs.p99.median.toFixed(1)}`,
          formatSummary(m.overheadUs.p50),
          formatSummary(m.overheadUs.p99),
        ]),
      ),
      targets,
    };
  },
};

const callCount = (calls: Readonly<Record<string, number>>) =>
  Object.values(calls).reduce((sum, n) => sum + n, 0);

/** Each round's p50 and p99 summarised, full, bare and their difference. */
function figures(report: OverheadReport, stdoutBytes: number, options: Options) {
  const rounds = report.rounds;
  const invocations = options.warmup + options.rounds * options.perRound;
  return {
    fullUs: {
      p50: summarize(rounds.map((r) => r.full.p50)),
      p99: summarize(rounds.map((r) => r.full.p99)),
    },
    bareUs: {
      p50: summarize(rounds.map((r) => r.bare.p50)),
      p99: summarize(rounds.map((r) => r.bare.p99)),
    },
    overheadUs: {
      p50: summarize(rounds.map((r) => r.full.p50 - r.bare.p50)),
      p99: summarize(rounds.map((r) => r.full.p99 - r.bare.p99)),
    },
    /** Log and EMF output per handler invocation (the bare calls write nothing). */
    stdoutBytesPerInvocation: Math.round(stdoutBytes / invocations),
  };
}

/**
 * Runs one function's measurement in a fresh Node. Its stdout (logs, EMF) goes
 * to a file: written as Lambda's runtime writes it, with a reader that always
 * keeps up, where a pipe to this busy process would now and then stall the child.
 */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  return port;
}

async function runChild(
  bundlePath: string,
  name: FunctionName,
): Promise<{ report: OverheadReport; stdoutBytes: number }> {
  const logPath = `${bundlePath}.stdout.log`;
  const log = await open(logPath, 'w');
  // The child answers as the partner API on this port (baseline-subjects.ts).
  const partner =
    name === 'externalData' ? { PARTNER_API_URL: `http://127.0.0.1:${await freePort()}/data` } : {};
  try {
    const report = await new Promise<OverheadReport>((resolvePromise, reject) => {
      const child = fork(bundlePath, [], {
        // Not the benchmark's own loader flags: a bare Node, and the one Lambda runs the
        // functions on (nodejs24.x), as the local containers do.
        execPath: lambdaNode().path,
        execArgv: [],
        env: {
          PATH: process.env.PATH ?? '',
          // What the stack tells this function (getPost reads MEDIA_BUCKET at init, the
          // webhook functions their secrets key), less any cache: none is configured here.
          ...functionEnvironment(
            {
              tableName: 'posts',
              mediaBucket: 'bench-media',
              secretsKey: 'arn:aws:kms:us-east-1:000000000000:key/bench',
              queueUrls: Object.fromEntries(queueNames.map((q) => [q, queueUrlOf(q)])),
            },
            functions[name],
          ),
          ...queueEnvironment(name, queueUrlOf),
          // The receivers and the partner API are on this machine, as in the local cloud.
          WEBHOOK_URLS_ALLOW_LOOPBACK: 'true',
          ...partner,
          AWS_ACCESS_KEY_ID: 'bench',
          AWS_SECRET_ACCESS_KEY: 'bench',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          AWS_REGION: 'us-east-1',
          AWS_LAMBDA_FUNCTION_NAME: name,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functions[name].memoryMb),
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          TZ: 'UTC',
        },
        stdio: ['ignore', log.fd, 'pipe', 'ipc'],
      });
      let stderr = '';
      let received: OverheadReport | undefined;
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('message', (message) => (received = message as OverheadReport));
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code === 0 && received) resolvePromise(received);
        else reject(new Error(`overhead child for ${name} exited with ${code}:\n${stderr}`));
      });
    });
    const stdout = await readFile(logPath);
    refuseFailures(name, failureLines(stdout.toString('utf8')));
    return { report, stdoutBytes: stdout.length };
  } finally {
    await log.close();
    await rm(logPath, { force: true });
  }
}
