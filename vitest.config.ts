import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer';

/** Synthesis-only files: no servers, no environment changes, no mocks. */
const sharedModules = ['test/infra/**/*.test.ts'];

export default defineConfig({
  test: {
    // No `include` here: a project's arrays are merged with these (concatenated), so each
    // project names its own files.
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 30_000,
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
        },
      },
      {
        extends: true,
        test: {
          name: 'services',
          include: ['test/**/*.test.ts'],
          exclude: sharedModules,
          // The function bundles, built once for every local cloud the files start.
          globalSetup: ['test/support/function-bundles-setup.ts'],
        },
      },
    ],
  },
});
