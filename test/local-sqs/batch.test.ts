import {
  ChangeMessageVisibilityBatchCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from '../../local/sqs';
import { failure, startLocalSqs } from './harness';

const entries = (count: number): SendMessageBatchRequestEntry[] =>
  Array.from({ length: count }, (_, i) => ({ Id: `e${i}`, MessageBody: `body ${i}` }));

async function setUp() {
  const local = await startLocalSqs();
  const { QueueUrl } = await local.sqs.send(new CreateQueueCommand({ QueueName: 'batch' }));
  if (!QueueUrl) throw new Error('no queue URL');
  return { ...local, QueueUrl };
}

describe('local SQS batches', () => {
  it('sends a batch, reporting bad entries in Failed (body MD5s verified by the SDK)', async () => {
    const { sqs, QueueUrl } = await setUp();
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'plain', MessageBody: 'one' },
          {
            Id: 'with-attrs',
            MessageBody: 'two',
            DelaySeconds: 0,
            MessageAttributes: { a: { DataType: 'String', StringValue: 'x' } },
          },
          { Id: 'bad_body', MessageBody: 'nul \u0000' },
        ],
      }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['plain', 'with-attrs']);
    expect(result.Successful?.[1]?.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ a: { DataType: 'String', StringValue: 'x' } }),
    );
    expect(result.Failed).toEqual([
      expect.objectContaining({
        Id: 'bad_body',
        Code: 'InvalidMessageContents',
        SenderFault: true,
      }),
    ]);
  });

  it('refuses 11 entries, duplicate ids, invalid ids and an empty batch', async () => {
    const { sqs, QueueUrl } = await setUp();
    const eleven = await failure(
      sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries(11) })),
    );
    expect(eleven.name).toBe('TooManyEntriesInBatchRequest');
    expect(eleven.Code).toBe('AWS.SimpleQueueService.TooManyEntriesInBatchRequest');

    const duplicate = await failure(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'same', MessageBody: 'a' },
            { Id: 'same', MessageBody: 'b' },
          ],
        }),
      ),
    );
    expect(duplicate.name).toBe('BatchEntryIdsNotDistinct');

    const invalidId = await failure(
      sqs.send(
        new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'not ok!', MessageBody: 'a' }] }),
      ),
    );
    expect(invalidId.name).toBe('InvalidBatchEntryId');

    const empty = await failure(sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] })));
    expect(empty.name).toBe('EmptyBatchRequest');

    const deleteEleven = await failure(
      sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `d${i}`, ReceiptHandle: 'x' })),
        }),
      ),
    );
    expect(deleteEleven.name).toBe('TooManyEntriesInBatchRequest');
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
  });

  it('refuses a batch whose total payload exceeds 1 MiB', async () => {
    const { sqs, QueueUrl } = await setUp();
    const half = 'x'.repeat(600 * 1024);
    const error = await failure(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: [
            { Id: 'a', MessageBody: half },
            { Id: 'b', MessageBody: half },
          ],
        }),
      ),
    );
    expect(error.name).toBe('BatchRequestTooLong');
  });

  it('deletes and changes visibility in batches, entry by entry', async () => {
    const { sqs, QueueUrl } = await setUp();
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries(4) }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    expect(Messages).toHaveLength(4);
    const [m0, m1, m2, m3] = Messages;

    const changed = await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'c0', ReceiptHandle: m0?.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'c1', ReceiptHandle: m1?.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(changed.Successful?.map((entry) => entry.Id)).toEqual(['c0', 'c1']);
    expect(changed.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' }),
    ]);

    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'd2', ReceiptHandle: m2?.ReceiptHandle },
          { Id: 'd3', ReceiptHandle: m3?.ReceiptHandle },
        ],
      }),
    );
    expect(deleted.Successful?.map((entry) => entry.Id)).toEqual(['d2', 'd3']);
    expect(deleted.Failed).toEqual([]);

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(Attributes).toEqual({
      ApproximateNumberOfMessages: '2',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });
});
