/**
 * The shape of every worker baseline: an SQS batch, each record's JSON body
 * handed to `work`, a failed record reported alone (ReportBatchItemFailures).
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export function bareSqsHandler(
  work: (body: Record<string, unknown>) => Promise<void>,
): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await work(JSON.parse(record.body) as Record<string, unknown>);
      } catch {
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}
