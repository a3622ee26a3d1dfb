import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it, vi } from 'vitest';
import { failure, startLocalSqs } from './harness';

async function fifoQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { FifoQueue: 'true', ...attributes },
    }),
  );
  return QueueUrl ?? '';
}

async function receive(
  sqs: SQSClient,
  QueueUrl: string,
  extra: { VisibilityTimeout?: number } = {},
) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl,
      MaxNumberOfMessages: 10,
      MessageSystemAttributeNames: ['All'],
      ...extra,
    }),
  );
  return Messages;
}

describe('local SQS FIFO queues', () => {
  it('creates FIFO queues with their attributes', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await fifoQueue(sqs, 'orders.fifo', { ContentBasedDeduplication: 'true' });
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
    });
    // Idempotent with the same attributes, refused with others; the type never changes.
    expect(await fifoQueue(sqs, 'orders.fifo', { ContentBasedDeduplication: 'true' })).toBe(
      QueueUrl,
    );
    expect(
      (await failure(fifoQueue(sqs, 'orders.fifo', { ContentBasedDeduplication: 'false' }))).name,
    ).toBe('QueueNameExists');
    const retype = await failure(
      sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { FifoQueue: 'false' } })),
    );
    expect(retype.name).toBe('InvalidAttributeName');
    // FIFO-only attributes are unknown on a standard queue.
    const standard = await failure(
      sqs.send(
        new CreateQueueCommand({
          QueueName: 'plain',
          Attributes: { ContentBasedDeduplication: 'true' },
        }),
      ),
    );
    expect(standard.name).toBe('InvalidAttributeName');
  });

  it('delivers each group in order, with one in-flight batch per group', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await fifoQueue(sqs, 'groups.fifo', { ContentBasedDeduplication: 'true' });
    for (const [group, body] of [
      ['a', 'a1'],
      ['b', 'b1'],
      ['a', 'a2'],
      ['b', 'b2'],
      ['a', 'a3'],
    ]) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: group }),
      );
    }
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 2 }));
    expect(first.Messages?.map((m) => m.Body)).toEqual(['a1', 'b1']);
    // Both groups have a message in flight: nothing else may be delivered.
    expect(await receive(sqs, QueueUrl)).toEqual([]);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
    );
    const groupA = await receive(sqs, QueueUrl);
    expect(groupA.map((m) => m.Body)).toEqual(['a2', 'a3']);
    expect(groupA.map((m) => m.Attributes?.MessageGroupId)).toEqual(['a', 'a']);
    // b1 comes back when its visibility ends, and before b2.
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first.Messages?.[1]?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const groupB = await receive(sqs, QueueUrl);
    expect(groupB.map((m) => m.Body)).toEqual(['b1', 'b2']);
    expect(groupB[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('numbers messages and deduplicates by id or content over 5 minutes', async () => {
    let now = Date.now();
    const { sqs } = await startLocalSqs({ clock: () => now });
    const QueueUrl = await fifoQueue(sqs, 'dedup.fifo');
    const send = (MessageBody: string, MessageDeduplicationId?: string) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody,
          MessageGroupId: 'g',
          ...(MessageDeduplicationId && { MessageDeduplicationId }),
        }),
      );
    const needsId = await failure(send('no id'));
    expect(needsId.name).toBe('InvalidParameterValue');
    expect(needsId.message).toMatch(/ContentBasedDeduplication/);
    const one = await send('one', 'id-1');
    const repeat = await send('one again', 'id-1');
    expect(repeat.MessageId).toBe(one.MessageId);
    expect(repeat.SequenceNumber).toBe(one.SequenceNumber);
    const two = await send('two', 'id-2');
    expect(one.SequenceNumber).toMatch(/^\d{20}$/);
    expect(BigInt(two.SequenceNumber ?? 0)).toBeGreaterThan(BigInt(one.SequenceNumber ?? 0));
    now += 300_000;
    const later = await send('one, later', 'id-1');
    expect(later.MessageId).not.toBe(one.MessageId);
    const messages = await receive(sqs, QueueUrl);
    expect(messages.map((m) => m.Body)).toEqual(['one', 'two', 'one, later']);
    expect(messages[0]?.Attributes).toMatchObject({
      MessageDeduplicationId: 'id-1',
      MessageGroupId: 'g',
      SequenceNumber: one.SequenceNumber,
    });

    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: { ContentBasedDeduplication: 'true' },
      }),
    );
    const byContent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'x', MessageBody: 'same body', MessageGroupId: 'h' },
          { Id: 'y', MessageBody: 'same body', MessageGroupId: 'h' },
        ],
      }),
    );
    expect(byContent.Successful?.[1]?.MessageId).toBe(byContent.Successful?.[0]?.MessageId);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
  });

  it('refuses what a FIFO queue does not take, as SQS does', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await fifoQueue(sqs, 'strict.fifo', { ContentBasedDeduplication: 'true' });
    const noGroup = await failure(sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })));
    expect(noGroup.name).toBe('MissingParameter');
    const delayed = await failure(
      sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: 'x',
          MessageGroupId: 'g',
          DelaySeconds: 5,
        }),
      ),
    );
    expect(delayed.name).toBe('InvalidParameterValue');
    expect(delayed.message).toMatch(/DelaySeconds/);
    const { QueueUrl: standardUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'std' }));
    const dedupOnStandard = await failure(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: standardUrl,
          MessageBody: 'x',
          MessageDeduplicationId: 'd',
        }),
      ),
    );
    expect(dedupOnStandard.name).toBe('InvalidParameterValue');
    // The dead-letter queue of a FIFO queue is a FIFO queue.
    const standardDlq = await failure(
      fifoQueue(sqs, 'with-dlq.fifo', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:std',
          maxReceiveCount: 2,
        }),
      }),
    );
    expect(standardDlq.name).toBe('InvalidParameterValue');
    expect(standardDlq.message).toMatch(/FIFO/);
  });

  it('moves a message to a FIFO dead-letter queue after maxReceiveCount', async () => {
    const { sqs } = await startLocalSqs();
    const dlqUrl = await fifoQueue(sqs, 'dead.fifo');
    const QueueUrl = await fifoQueue(sqs, 'live.fifo', {
      ContentBasedDeduplication: 'true',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dead.fifo',
        maxReceiveCount: 1,
      }),
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'poison', MessageGroupId: 'g' }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'next', MessageGroupId: 'g' }));
    const { Messages: [poison] = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }),
    );
    expect(poison?.Body).toBe('poison');
    // Its second delivery would pass maxReceiveCount: it goes to the DLQ and the group moves on.
    expect((await receive(sqs, QueueUrl)).map((m) => m.Body)).toEqual(['next']);
    expect((await receive(sqs, dlqUrl)).map((m) => [m.Body, m.Attributes?.MessageGroupId])).toEqual(
      [['poison', 'g']],
    );
  });

  it('redrives a FIFO dead-letter queue back to its source, in order', async () => {
    const { sqs, server } = await startLocalSqs();
    await fifoQueue(sqs, 'back.fifo');
    const QueueUrl = await fifoQueue(sqs, 'front.fifo', {
      ContentBasedDeduplication: 'true',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:back.fifo',
        maxReceiveCount: 1,
      }),
    });
    for (const body of ['r1', 'r2']) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body, MessageGroupId: 'g' }));
    }
    await receive(sqs, QueueUrl, { VisibilityTimeout: 0 });
    expect(await receive(sqs, QueueUrl)).toEqual([]);
    await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: 'arn:aws:sqs:us-east-1:000000000000:back.fifo',
      }),
    );
    await vi.waitFor(() => expect(server.store.stats('front.fifo')?.visible).toBe(2));
    expect((await receive(sqs, QueueUrl)).map((m) => m.Body)).toEqual(['r1', 'r2']);
  });

  it('answers a retried receive with the same ReceiveRequestAttemptId with the same messages', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await fifoQueue(sqs, 'attempts.fifo', { ContentBasedDeduplication: 'true' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm1', MessageGroupId: 'g' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'm2', MessageGroupId: 'h' }));
    const attempt = () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 1,
          ReceiveRequestAttemptId: 'try-1',
        }),
      );
    const first = await attempt();
    const retried = await attempt();
    expect(retried.Messages?.map((m) => [m.Body, m.ReceiptHandle])).toEqual(
      first.Messages?.map((m) => [m.Body, m.ReceiptHandle]),
    );
    // Once a message of the attempt is deleted, the same id receives anew.
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }),
    );
    expect((await attempt()).Messages?.map((m) => m.Body)).toEqual(['m2']);
  });

  it('keeps FIFO order, sequence numbers and the deduplication window across a restart', async () => {
    const local = await startLocalSqs();
    const QueueUrl = await fifoQueue(local.sqs, 'kept.fifo');
    const sent = [];
    for (const body of ['k1', 'k2', 'k3']) {
      sent.push(
        await local.sqs.send(
          new SendMessageCommand({
            QueueUrl,
            MessageBody: body,
            MessageGroupId: 'g',
            MessageDeduplicationId: body,
          }),
        ),
      );
    }
    await local.restart();
    const duplicate = await local.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'k1 again',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'k1',
      }),
    );
    expect(duplicate.MessageId).toBe(sent[0]?.MessageId);
    const next = await local.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'k4',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'k4',
      }),
    );
    expect(BigInt(next.SequenceNumber ?? 0)).toBeGreaterThan(BigInt(sent[2]?.SequenceNumber ?? 0));
    expect((await receive(local.sqs, QueueUrl)).map((m) => m.Body)).toEqual([
      'k1',
      'k2',
      'k3',
      'k4',
    ]);
  });
});
