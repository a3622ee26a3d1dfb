import { Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  queueNames,
  queuePhysicalNames,
  queues,
  service,
  workerOf,
  type FunctionName,
  type QueueName,
} from '../description';

export interface JobQueue {
  readonly queue: sqs.Queue;
  readonly deadLetter: sqs.Queue;
}

/**
 * One SQS queue per job kind in the description, each with its own
 * dead-letter queue: SSE (SQS managed keys), TLS only, the described
 * visibility timeout and maxReceiveCount, DLQ retention 14 days.
 * `connectWorkers` then makes each queue trigger its worker.
 */
export class JobQueues extends Construct {
  readonly byName: Readonly<Record<QueueName, JobQueue>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Named after the stack, so the dlq script finds them from the stack name alone.
    const prefix = Stack.of(this).stackName;
    this.byName = Object.fromEntries(
      queueNames.map((name) => {
        const spec = queues[name];
        const names = queuePhysicalNames(prefix, name);
        const scope = new Construct(this, name);
        // SQS managed SSE: encrypted at rest with no key to run. A customer managed key
        // would add key-level audit and revocation that job messages do not need.
        const deadLetter = new sqs.Queue(scope, 'DeadLetters', {
          queueName: names.deadLetter,
          retentionPeriod: Duration.days(service.jobs.deadLetterRetentionDays),
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
        });
        const queue = new sqs.Queue(scope, 'Queue', {
          queueName: names.queue,
          visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
          retentionPeriod: Duration.days(spec.retentionDays),
          encryption: sqs.QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          deadLetterQueue: { queue: deadLetter, maxReceiveCount: spec.maxReceiveCount },
        });
        return [name, { queue, deadLetter }];
      }),
    ) as Record<QueueName, JobQueue>;
  }

  /** The queues by name, for functions that send to them. */
  get queues(): Readonly<Record<QueueName, sqs.IQueue>> {
    return Object.fromEntries(
      queueNames.map((name) => [name, this.byName[name].queue as sqs.IQueue]),
    ) as Record<QueueName, sqs.IQueue>;
  }

  /**
   * Each queue triggers its worker with the described batch size, batching
   * window and maximum concurrency, reporting batch item failures. The event
   * source grants the worker exactly the consume actions on its own queue.
   */
  connectWorkers(functions: Readonly<Record<FunctionName, lambda.Function>>): void {
    for (const name of queueNames) {
      const spec = queues[name];
      functions[workerOf(name)].addEventSource(
        new SqsEventSource(this.byName[name].queue, {
          batchSize: spec.batchSize,
          ...(spec.maxBatchingWindowSeconds > 0
            ? { maxBatchingWindow: Duration.seconds(spec.maxBatchingWindowSeconds) }
            : {}),
          maxConcurrency: spec.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }
  }
}
