import {
  queueNames,
  queues,
  queuePhysicalNames,
  service,
  type QueueName,
  type QueueSpec,
} from '../lib/description';
import type { QueueStore } from './sqs';
import { queueUrl } from './sqs/queue-url';

/** What tests may shorten in a queue's description (never the description itself). */
export type QueueOverrides = Partial<
  Pick<
    QueueSpec,
    | 'batchSize'
    | 'maxBatchingWindowSeconds'
    | 'maxConcurrency'
    | 'visibilityTimeoutSeconds'
    | 'maxReceiveCount'
    | 'retryBackoff'
  >
>;

export interface LocalQueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

export interface LocalJobQueue extends LocalQueueRef {
  /** The description's values, with any test overrides applied. */
  readonly spec: QueueSpec;
  readonly deadLetter: LocalQueueRef;
}

/**
 * Every job queue and its dead-letter queue, as the stack declares them:
 * SQS attributes from the description (with test overrides), created when
 * missing and brought up to date when they exist (state on disk survives
 * restarts; a changed description still applies).
 */
export function ensureJobQueues(
  store: QueueStore,
  endpoint: string,
  overrides: Partial<Record<QueueName, QueueOverrides>> = {},
): Record<QueueName, LocalJobQueue> {
  const ref = (name: string): LocalQueueRef => ({
    name,
    url: queueUrl(endpoint, store.accountId, name),
    arn: store.arnOf(name),
  });
  const ensure = (name: string, attributes: Record<string, string>) => {
    if (store.hasQueue(name)) store.setQueueAttributes(name, attributes);
    else store.createQueue(name, attributes);
  };
  return Object.fromEntries(
    queueNames.map((queue) => {
      const spec: QueueSpec = { ...queues[queue], ...overrides[queue] };
      const names = queuePhysicalNames(service.name, queue);
      ensure(names.deadLetter, {
        MessageRetentionPeriod: String(service.jobs.deadLetterRetentionDays * 86_400),
      });
      ensure(names.queue, {
        VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(spec.retentionDays * 86_400),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: store.arnOf(names.deadLetter),
          maxReceiveCount: spec.maxReceiveCount,
        }),
      });
      return [queue, { ...ref(names.queue), spec, deadLetter: ref(names.deadLetter) }];
    }),
  ) as Record<QueueName, LocalJobQueue>;
}
