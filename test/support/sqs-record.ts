import { randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';

/** One SQS record as an event source mapping hands it to a worker. */
export function sqsRecord(
  body: string,
  {
    messageId = randomUUID(),
    receiveCount = 1,
  }: { messageId?: string; receiveCount?: number } = {},
): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
    awsRegion: 'us-east-1',
  };
}
