/**
 * Stands in for functions/adapters/sqs-job-queue.ts in the overhead
 * benchmark's bundles: the jobs a handler enqueues are kept in memory, and
 * `onSent` is called as the real adapter calls it, so the handler counts the
 * same metrics. The overhead measured is the handler's, not SQS's.
 */
import type { JobKind, JobMessage } from '../../functions/domain/job';
import type { JobQueue } from '../../functions/domain/job-queue';
import type { FunctionName } from '../../lib/description';

class MemoryJobQueue implements JobQueue {
  constructor(private readonly onSent?: (kind: JobKind) => void) {}

  async send(job: JobMessage): Promise<void> {
    // The real adapter's work before the network: the message body.
    if (JSON.stringify(job).length === 0) throw new Error('empty message body');
    this.onSent?.(job.kind);
  }
}

/** A queue for the bare use-case call: no metric callback, that is the handler's work. */
export function bareJobQueue(): JobQueue {
  return new MemoryJobQueue();
}

export const SqsJobQueue = {
  forFunction: (_name: FunctionName, onSent?: (kind: JobKind) => void): JobQueue =>
    new MemoryJobQueue(onSent),
};
