import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';

/** The system attributes Lambda puts on every record (and the two it adds when present). */
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'SentTimestamp',
  'SenderId',
  'ApproximateFirstReceiveTimestamp',
] as const;
const OPTIONAL_ATTRIBUTES = ['AWSTraceHeader', 'DeadLetterQueueSourceArn'] as const;

/** The `SQSEvent` Lambda's event source mapping builds from received messages. */
export function sqsEvent(messages: readonly Message[], queueArn: string, region: string): SQSEvent {
  return { Records: messages.map((message) => sqsRecord(message, queueArn, region)) };
}

export function sqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const system = message.Attributes ?? {};
  const attributes: Record<string, string> = {};
  for (const name of RECORD_ATTRIBUTES) attributes[name] = system[name] ?? '';
  for (const name of OPTIONAL_ATTRIBUTES) {
    const value = system[name];
    if (value !== undefined) attributes[name] = value;
  }
  const messageAttributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      recordAttribute(value),
    ]),
  );
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: attributes as unknown as SQSRecord['attributes'],
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes
      ? { md5OfMessageAttributes: message.MD5OfMessageAttributes }
      : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}

/** Lambda's spelling: camelCase, binary values base64, the unused list members present and empty. */
function recordAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined
      ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
      : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map((b) => Buffer.from(b).toString('base64')),
    dataType: value.DataType ?? 'String',
  };
}
