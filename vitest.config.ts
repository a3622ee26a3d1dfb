import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (5 s or more each in `npm test` on a quiet 2-core machine,
 * most of it waiting: alarm periods, retry backoff, deadlines, a cold local cloud), in
 * that order. Started first, they overlap the many short files on the other workers
 * instead of one of them starting last and running alone. The first ones alternate waiting
 * (a local cloud's queues and retries) with CPU (the infra files' synthesis and esbuild).
 */
const slowFiles: readonly string[] = [
  'test/jobs/webhook-deliveries.test.ts',
  'test/infra/bundling.test.ts',
  'test/integration/failure-matrix.test.ts',
  'test/chaos/chaos-short.test.ts',
  'test/local-lambda/lambda-pool.test.ts',
  'test/local-dashboard/dashboard-load.browser.test.ts',
  'test/http/caller-limits.test.ts',
  'test/jobs/post-jobs.test.ts',
  'test/infra/bench-bundles.test.ts',
  'test/fuzz/post-routes.test.ts',
  'test/local-lambda/hot-reload.test.ts',
  'test/jobs/sqs-event-source.test.ts',
  'test/http/smoke.test.ts',
  'test/local-gateway/gateway-limits.test.ts',
  'test/jobs/text-analysis-worker.test.ts',
  'test/http/guardrails.test.ts',
  'test/local-gateway/reserved-names.test.ts',
  'test/jobs/text-analysis.test.ts',
  'test/infra/posts-api-stack.test.ts',
  'test/local-dashboard/dashboard.browser.test.ts',
  'test/fuzz/webhook-routes.test.ts',
  'test/fuzz/analyze.test.ts',
];

/**
 * Vitest's order (on a clean clone, without its cache of durations: by project, then by file
 * size), with `slowFiles` moved to the front, and the files of a project that shares its
 * module cache (`isolate: false`) kept together, at the place of its first listed file.
 *
 * Together, because vitest keeps a shared worker only while the next file in its queue
 * belongs to the same project: a worker that finishes an infra file while a services file is
 * next is stopped, and the next infra file forks another and imports aws-cdk-lib (and
 * synthesizes the shared stack) again. Listed slow files scattered among other projects'
 * made 42 worker starts of 136 files where 33 suffice.
 */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const at = slowFiles.indexOf(relative(root, spec.moduleId).replaceAll('\\', '/'));
      return at === -1 ? slowFiles.length : at;
    };
    // Where each sharing project's block starts: at its first listed file.
    const blockAt = new Map<string, number>();
    for (const spec of sorted) {
      if (spec.project.config.isolate) continue;
      const name = spec.project.name;
      blockAt.set(name, Math.min(blockAt.get(name) ?? slowFiles.length, rank(spec)));
    }
    const place = (spec: TestSpecification) => blockAt.get(spec.project.name) ?? rank(spec);
    // Array.prototype.sort is stable: the unlisted files keep vitest's order.
    return sorted.sort((a, b) => place(a) - place(b) || rank(a) - rank(b));
  }
}

/** Synthesis-only files: no servers, no environment changes, no mocks. */
const sharedModules = ['test/infra/**/*.test.ts'];

/**
 * The unit tests that change the process (its environment, mocked modules) for the modules
 * they import: each runs in a fresh process, as the services do.
 */
export const isolatedUnits = [
  'test/unit/blocking-detector.test.ts',
  'test/unit/cache-loading.test.ts',
  'test/unit/lambda-credentials.test.ts',
  'test/unit/pipeline-factory.test.ts',
];

/**
 * The other unit tests: pure functions and in-memory fakes, nothing started, nothing
 * changed in the process. They share one module cache per worker (`isolate: false`): a
 * fresh process per file cost more CPU than most of these files' tests.
 */
export const unitProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'unit',
    include: ['test/unit/**/*.test.ts'],
    exclude: isolatedUnits,
    isolate: false,
  },
};

/**
 * The local SQS and S3 servers' own tests: each file starts its server on a free port and
 * closes it, and changes nothing else in the process, so they share a module cache too.
 */
const emulatorsProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'emulators',
    include: ['test/local-sqs/**/*.test.ts', 'test/local-s3/**/*.test.ts'],
    isolate: false,
  },
};

/**
 * The table and queue adapters against servers each file starts itself (dynalite, the local
 * SQS): the file builds its clients in its own hooks from the endpoints it started, calls
 * the adapters and domain functions with them (no handler, whose module keeps a client for
 * its container), mocks nothing, and each `localTable` sets the same variables afresh. So
 * they share a module cache too: a fresh process per file cost more CPU than their tests.
 */
const adapterFiles = [
  'test/integration/delete-counters.test.ts',
  'test/integration/follow-ups.test.ts',
  'test/integration/job-ledger.test.ts',
  'test/integration/post-counters.test.ts',
  'test/integration/post-repository-contract.test.ts',
  'test/integration/posts-table.test.ts',
  'test/integration/sqs-job-queue.test.ts',
  'test/integration/webhook-deliveries.test.ts',
  'test/integration/webhook-limit.test.ts',
  'test/jobs/job-settlement.test.ts',
];

const adaptersProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'adapters',
    include: adapterFiles,
    isolate: false,
  },
};

/**
 * Folders whose files are HTTP clients of a local cloud they start, sharing a module cache.
 */
const sharedClients = [
  'test/http/**/*.test.ts',
  'test/local-gateway/**/*.test.ts',
  'test/local-dashboard/**/*.test.ts',
  'test/local-cloud/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/ops/**/*.test.ts',
  'test/jobs/text-analysis.test.ts',
];

export default defineConfig({
  test: {
    // No `include` here: a project's arrays are merged with these (concatenated), so each
    // project names its own files.
    setupFiles: [
      'test/support/setup.ts',
      // Measuring: the CPU each file costs, one JSON line per file (cpu-per-file.ts).
      ...(process.env.TEST_CPU_LOG ? ['test/support/cpu-per-file.ts'] : []),
      // The Lambda containers each file's local clouds start (containers-per-file.ts).
      ...(process.env.TEST_CONTAINER_LOG ? ['test/support/containers-per-file.ts'] : []),
    ],
    // CDK's built-in CloudFormation validation, off in the stacks the tests synthesize: in a
    // test's App its findings are only printed as warnings, and it cost about 1 s of CPU per
    // synthesis and 3 s per worker to load its rules (17 of test/infra's 62 s). One file runs
    // it with its findings as errors (test/infra/template-validation.test.ts).
    env: { CDK_VALIDATION: 'false' },
    // A test's own timeout catches a hang, not slowness: waits for asynchronous work (a cold
    // container, a queue worker that runs at nice 19 and in SCHED_IDLE locally) take several times longer on a
    // loaded 2-core machine. A test whose bound is the behaviour asserts that bound itself.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Integration suites each start their own local services on free ports.
    pool: 'forks',
    // Vitest's default in a run is one worker less than the cores: a single worker on a
    // 2-core machine, and the suite ran file after file while most of its long files wait
    // (alarm periods, retry backoff, deadlines, a cold container). One per core; one more
    // than the cores made a loaded machine's timing-sensitive files fail far more often.
    maxWorkers: availableParallelism(),
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'infra',
          include: sharedModules,
          // One module cache per worker: aws-cdk-lib is imported once, not once per file
          // (measured on 8 of these files: 26 s of CPU instead of 90 s).
          isolate: false,
          // Their hooks synthesize stacks: CPU only, ~3 s each on a quiet 2-core machine, 68 s
          // for platform-flags' two at load 26 (past the 60 s default). Nothing here waits
          // on anything but the CPU, so the bound is the load's, not a behaviour's.
          hookTimeout: 240_000,
        },
      },
      unitProject,
      emulatorsProject,
      adaptersProject,
      {
        extends: true,
        test: {
          name: 'clients',
          include: sharedClients,
          // These files drive a local cloud they start over HTTP (its functions run in their
          // own container processes) and change nothing in this one, so a worker keeps its
          // module cache between them: a fresh process per file cost about 1.5 s of imports.
          isolate: false,
          globalSetup: ['test/support/function-bundles-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'services',
          include: ['test/!(unit|local-sqs|local-s3)/**/*.test.ts', ...isolatedUnits],
          exclude: [...sharedModules, ...sharedClients, ...adapterFiles],
          // The function bundles, built once for every local cloud the files start.
          globalSetup: ['test/support/function-bundles-setup.ts'],
        },
      },
    ],
  },
});
