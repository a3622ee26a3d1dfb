import type { Logger } from '@aws-lambda-powertools/logger';
import { ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import {
  functions,
  queues,
  readEnvironment,
  workerOf,
  type QueueName,
} from '../../lib/description';
import { sqsClient } from '../adapters/sqs-client';
import { backoffSeconds, retryBackoff } from './retry-backoff';

/**
 * When a queue worker's failed message comes back. Without a change it reappears after
 * the queue's visibility timeout (minutes); a dependency down for seconds should not hold
 * its messages that long, so a failure that may pass sets the visibility to the queue's
 * backoff instead (and a poison message to 0: it only has to reach the DLQ).
 */
export function messageVisibility(queue: QueueName) {
  const name = workerOf(queue);
  const sqs = sqsClient(functions[name].sdk);
  const environment = readEnvironment(name);
  const backoff = retryBackoff(queue);
  // The delivery before the DLQ: a test's local queue may allow fewer.
  const maxReceiveCount = environment.maxReceiveCountOverride() ?? queues[queue].maxReceiveCount;

  async function change(record: SQSRecord, seconds: number, log: Logger, signal: AbortSignal) {
    let queueUrl: string;
    try {
      queueUrl = environment.queueUrl(queue);
    } catch (error) {
      return log.warn(`${(error as Error).message}: no backoff`);
    }
    try {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: seconds,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      // The visibility timeout still brings it back, only later.
      log.warn('could not change the message visibility', { error: error as Error });
    }
  }

  /** 1 on the first delivery. */
  const receiveCount = (record: SQSRecord) =>
    Number(record.attributes.ApproximateReceiveCount) || 1;

  return {
    maxReceiveCount,
    receiveCount,
    change,
    /** Back after the backoff for this delivery (or `delaySeconds`), unless it was the last. */
    async retryLater(
      record: SQSRecord,
      log: Logger,
      signal: AbortSignal,
      delaySeconds?: number,
    ): Promise<void> {
      const count = receiveCount(record);
      if (count >= maxReceiveCount) return;
      await change(record, delaySeconds ?? backoffSeconds(backoff, count), log, signal);
    },
  };
}
