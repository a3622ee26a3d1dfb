import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sqsEvent } from '../../local/event-sources/sqs-event';

describe('sqsEvent', () => {
  it('builds the records Lambda builds from received messages', () => {
    const message: Message = {
      MessageId: 'id-1',
      ReceiptHandle: 'handle-1',
      Body: '{"kind":"analytics"}',
      MD5OfBody: 'md5-body',
      MD5OfMessageAttributes: 'md5-attributes',
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1700000000000',
        SenderId: 'local',
        ApproximateFirstReceiveTimestamp: '1700000000500',
        DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:source',
      },
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'analytics' },
        raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    };
    const arn = 'arn:aws:sqs:us-east-1:000000000000:jobs';
    expect(sqsEvent([message], arn, 'us-east-1')).toEqual({
      Records: [
        {
          messageId: 'id-1',
          receiptHandle: 'handle-1',
          body: '{"kind":"analytics"}',
          attributes: {
            ApproximateReceiveCount: '2',
            SentTimestamp: '1700000000000',
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: '1700000000500',
            DeadLetterQueueSourceArn: 'arn:aws:sqs:us-east-1:000000000000:source',
          },
          messageAttributes: {
            kind: {
              stringValue: 'analytics',
              stringListValues: [],
              binaryListValues: [],
              dataType: 'String',
            },
            raw: {
              binaryValue: 'AQID',
              stringListValues: [],
              binaryListValues: [],
              dataType: 'Binary',
            },
          },
          md5OfBody: 'md5-body',
          md5OfMessageAttributes: 'md5-attributes',
          eventSource: 'aws:sqs',
          eventSourceARN: arn,
          awsRegion: 'us-east-1',
        },
      ],
    });
  });

  it('leaves out the attribute digest when a message has no attributes', () => {
    const [record] = sqsEvent([{ MessageId: 'x', Body: 'b' }], 'arn', 'eu-west-1').Records;
    expect(record).not.toHaveProperty('md5OfMessageAttributes');
    expect(record?.messageAttributes).toEqual({});
    expect(record?.awsRegion).toBe('eu-west-1');
  });
});
