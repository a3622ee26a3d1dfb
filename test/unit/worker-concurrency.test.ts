import { describe, expect, it } from 'vitest';
import {
  describedService,
  viewOf,
  type DescriptionSource,
  type DescriptionView,
} from '../../lib/description-view';
import type { FunctionSpec } from '../../lib/service';
import { assertWorkerConcurrency, workerConcurrencyViolations } from '../../lib/worker-concurrency';

const real = describedService();
const [anyName] = Object.keys(real.functions);
const base = real.functions[anyName ?? ''] as FunctionSpec;
const worker = (change: Partial<FunctionSpec> = {}): FunctionSpec => ({
  ...base,
  entry: 'functions/workers/example.ts',
  timeoutSeconds: 30,
  ...change,
});

function withQueue(spec: FunctionSpec, maxConcurrency?: number): DescriptionView {
  return {
    ...real,
    functions: { ...real.functions, exampleWorker: spec },
    queues: {
      jobs: {
        visibilityTimeoutSeconds: 180,
        worker: 'exampleWorker',
        ...(maxConcurrency ? { maxConcurrency } : {}),
      },
    },
  };
}

describe('reserved concurrency on queue-triggered workers', () => {
  it('holds for the real description, for every queue it declares', () => {
    expect(workerConcurrencyViolations(real)).toEqual([]);
    expect(() => assertWorkerConcurrency(real)).not.toThrow();
  });

  it('refuses a worker without reserved concurrency', () => {
    const broken = withQueue(worker());
    expect(workerConcurrencyViolations(broken)).toEqual([
      expect.objectContaining({ subject: 'queues.jobs -> exampleWorker' }),
    ]);
    expect(() => assertWorkerConcurrency(broken)).toThrow(/needs reservedConcurrency/);
    expect(workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 0 })))).toHaveLength(
      1,
    );
  });

  it('refuses an event source allowed more concurrency than the worker has reserved', () => {
    expect(workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 5 }), 10))).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/maximum concurrency 10/) }),
    ]);
    expect(workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 5 }), 5))).toEqual(
      [],
    );
  });

  it('finds the worker whichever way the description names it', () => {
    const source = {
      functions: { ...real.functions, exampleWorker: worker() },
      routes: real.routes,
      service: { api: real.api },
    };
    const shapes: Record<string, unknown>[] = [
      { queues: { jobs: { visibilityTimeoutSeconds: 180, worker: 'exampleWorker' } } },
      { queues: { jobs: { visibilityTimeoutSeconds: 180, function: 'exampleWorker' } } },
      // Under `service`, as other limits are.
      {
        service: {
          api: real.api,
          queues: { jobs: { visibilityTimeoutSeconds: 180, worker: 'exampleWorker' } },
        },
      },
      // The function names the queue it consumes.
      {
        functions: { ...real.functions, exampleWorker: { ...worker(), queue: 'jobs' } },
        queues: { jobs: { visibilityTimeoutSeconds: 180 } },
      },
      // The worker written inline in the queue.
      { queues: { jobs: { visibilityTimeoutSeconds: 180, worker: worker() } } },
    ];
    for (const shape of shapes) {
      const view = viewOf({ ...source, ...shape } as DescriptionSource);
      expect(workerConcurrencyViolations(view), JSON.stringify(shape)).toHaveLength(1);
    }
    // A queue nobody consumes (a DLQ) needs nothing.
    const dlq = viewOf({ ...source, queues: { 'jobs-dlq': { retentionDays: 14 } } });
    expect(workerConcurrencyViolations(dlq)).toEqual([]);
  });
});
