import type { Description } from './description';

/**
 * Every queue-triggered worker has reserved concurrency: a flood of jobs then
 * runs at most that many workers and cannot take the account's concurrency
 * from the API functions. And an event source's maximum concurrency stays
 * within it: Lambda would throttle the extra pollers' invocations, and each
 * throttled batch goes back to the queue and counts toward its DLQ.
 */
export interface ConcurrencyViolation {
  readonly subject: string;
  readonly detail: string;
}

export function workerConcurrencyViolations(view: Description): ConcurrencyViolation[] {
  const violations: ConcurrencyViolation[] = [];
  for (const [name, queue] of Object.entries(view.queues)) {
    const subject = `queues.${name} -> its worker`;
    const reserved = queue.worker.reservedConcurrency;
    if (reserved === undefined || !(reserved >= 1)) {
      violations.push({
        subject,
        detail:
          'a queue-triggered worker needs reservedConcurrency, so a flood of jobs cannot starve the API of Lambda concurrency',
      });
      continue;
    }
    if (queue.maxConcurrency !== undefined && queue.maxConcurrency > reserved) {
      violations.push({
        subject,
        detail: `the event source's maximum concurrency ${queue.maxConcurrency} is over the worker's reserved ${reserved}: the extra invocations are throttled and their messages count toward the DLQ`,
      });
    }
  }
  return violations;
}

export function assertWorkerConcurrency(view: Description): void {
  const violations = workerConcurrencyViolations(view);
  if (violations.length > 0) {
    throw new Error(
      [
        'The service description leaves a worker without bounded concurrency (lib/worker-concurrency.ts):',
        ...violations.map((v) => `  - ${v.subject}: ${v.detail}`),
      ].join('\n'),
    );
  }
}
