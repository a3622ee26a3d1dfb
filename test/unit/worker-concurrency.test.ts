import { describe, expect, it } from 'vitest';
import {
  description as real,
  queues,
  type Description,
  type FunctionSpec,
  type QueueSpec,
} from '../../lib/description';
import { assertWorkerConcurrency, workerConcurrencyViolations } from '../../lib/worker-concurrency';

const aQueue = firstQueue();
function firstQueue(): QueueSpec {
  const [queue] = Object.values(queues);
  if (!queue) throw new Error('the description has no queues');
  return queue;
}
const worker = (change: Partial<FunctionSpec> = {}): FunctionSpec => {
  const unbounded: FunctionSpec = { ...aQueue.worker };
  delete (unbounded as { reservedConcurrency?: number }).reservedConcurrency;
  return { ...unbounded, ...change };
};

function withQueue(spec: FunctionSpec, maxConcurrency: number): Description {
  return { ...real, queues: { jobs: { ...aQueue, worker: spec, maxConcurrency } } };
}

describe('reserved concurrency on queue-triggered workers', () => {
  it('holds for the real description, for every queue it declares', () => {
    expect(workerConcurrencyViolations(real)).toEqual([]);
    expect(() => assertWorkerConcurrency(real)).not.toThrow();
  });

  it('refuses a worker without reserved concurrency', () => {
    const broken = withQueue(worker(), 1);
    expect(workerConcurrencyViolations(broken)).toEqual([
      expect.objectContaining({ subject: 'queues.jobs -> its worker' }),
    ]);
    expect(() => assertWorkerConcurrency(broken)).toThrow(/needs reservedConcurrency/);
    expect(
      workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 0 }), 1)),
    ).toHaveLength(1);
  });

  it('refuses an event source allowed more concurrency than the worker has reserved', () => {
    expect(workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 5 }), 10))).toEqual([
      expect.objectContaining({ detail: expect.stringMatching(/maximum concurrency 10/) }),
    ]);
    expect(workerConcurrencyViolations(withQueue(worker({ reservedConcurrency: 5 }), 5))).toEqual(
      [],
    );
  });
});
