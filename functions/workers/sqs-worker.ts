import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { functions, type FunctionName } from '../../lib/description';
import { telemetry, type Telemetry } from '../observability/telemetry';

export type RecordHandler = (record: SQSRecord, tools: Telemetry) => Promise<void>;

/**
 * The pipeline of a queue worker: Powertools Logger and Metrics, a deadline
 * `deadlineMarginMs` before Lambda's timeout, and a partial batch response,
 * so one bad message is retried (then dead-lettered) alone while the rest of
 * the batch is deleted. The event source mapping must report batch item failures.
 */
export function sqsWorker(name: FunctionName, handle: RecordHandler) {
  const tools = telemetry(name);
  const processor = new BatchProcessor(EventType.SQS);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>({
    timeoutEarlyInMillis: functions[name].deadlineMarginMs,
  })
    .use(injectLambdaContext(tools.logger, { resetKeys: true }))
    .use(logMetrics(tools.metrics, { captureColdStartMetric: true }))
    .handler((event, context) =>
      processPartialResponse(
        event,
        async (record: SQSRecord) => {
          try {
            await handle(record, tools);
          } catch (error) {
            tools.logger.error('message failed', { messageId: record.messageId, error });
            throw error;
          }
        },
        processor,
        { context },
      ),
    );
}
