import type { SQSRecord } from 'aws-lambda';
import { queueOfWorker, type FunctionName } from '../../lib/description';
import { messageVisibility } from '../jobs/message-visibility';
import { batchPipeline } from '../pipeline/batch-options';
import type { Invocation } from '../pipeline/lambda-pipeline';

export type RecordHandler = (record: SQSRecord, invocation: Invocation) => Promise<void>;

/**
 * A worker of S3 event notifications on a queue: the one Lambda pipeline as a
 * batch (batch-options.ts), each failed message logged with its id, retried
 * after its queue's backoff (then dead-lettered) alone while the rest of the batch is
 * deleted.
 */
export function sqsWorker(name: FunctionName, handle: RecordHandler) {
  const queue = queueOfWorker(name);
  if (!queue) throw new Error(`${name} consumes no queue of the description`);
  const visibility = messageVisibility(queue);
  return batchPipeline(
    name,
    async (record, invocation) => {
      try {
        await handle(record, invocation);
      } catch (error) {
        invocation.logger.error('message failed', { messageId: record.messageId, error });
        await visibility.retryLater(record, invocation.logger, invocation.signal);
        throw error;
      }
    },
    { kind: 's3-event-batch' },
  );
}
