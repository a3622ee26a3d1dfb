import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type QueueAttributeName,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { md5OfMessageAttributes } from '../../local/sqs';
import { ACCESS_KEY_ID, failure, sleep, startLocalSqs } from './harness';

async function queue(sqs: SQSClient, name: string, Attributes: Record<string, string> = {}) {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }));
  if (!QueueUrl) throw new Error('no queue URL');
  return QueueUrl;
}

async function counts(sqs: SQSClient, QueueUrl: string) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed),
  };
}

describe('local SQS messages', () => {
  it('sends, receives and deletes a message (body MD5 verified by the SDK)', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'basic');
    const body = JSON.stringify({ postId: 'p-1', text: 'héllo wörld ✓ 😀' });
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    expect(sent.MD5OfMessageAttributes).toBeUndefined();

    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages).toHaveLength(1);
    const [message] = Messages ?? [];
    expect(message?.MessageId).toBe(sent.MessageId);
    expect(message?.Body).toBe(body);
    expect(await counts(sqs, QueueUrl)).toEqual({ visible: 0, inFlight: 1, delayed: 0 });

    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle }));
    expect(await counts(sqs, QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
  });

  it('round-trips message attributes with AWS digests, selected by name, prefix or All', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'attributes');
    const MessageAttributes = {
      'trace.id': { DataType: 'String', StringValue: 'abc-123' },
      'trace.span': { DataType: 'Number', StringValue: '42' },
      kind: { DataType: 'String.postEvent', StringValue: 'created' },
      blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 253, 254, 255]) },
    };
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'with attributes', MessageAttributes }),
    );
    const wire = {
      'trace.id': MessageAttributes['trace.id'],
      'trace.span': MessageAttributes['trace.span'],
      kind: MessageAttributes.kind,
      blob: {
        DataType: 'Binary',
        BinaryValue: Buffer.from([0, 1, 2, 253, 254, 255]).toString('base64'),
      },
    };
    expect(sent.MD5OfMessageAttributes).toBe(md5OfMessageAttributes(wire));

    const all = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }),
    );
    const received = all.Messages?.[0];
    expect(received?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(received?.MessageAttributes?.kind).toEqual(MessageAttributes.kind);
    expect(received?.MessageAttributes?.['trace.span']).toEqual(MessageAttributes['trace.span']);
    expect(Array.from(received?.MessageAttributes?.blob?.BinaryValue ?? [])).toEqual([
      0, 1, 2, 253, 254, 255,
    ]);

    const prefixed = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MessageAttributeNames: ['trace.*', 'kind'],
        VisibilityTimeout: 0,
      }),
    );
    const subset = prefixed.Messages?.[0];
    expect(Object.keys(subset?.MessageAttributes ?? {}).sort()).toEqual([
      'kind',
      'trace.id',
      'trace.span',
    ]);
    // The digest describes what was returned, so a client can check it.
    expect(subset?.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({
        'trace.id': wire['trace.id'],
        'trace.span': wire['trace.span'],
        kind: wire.kind,
      }),
    );

    const none = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(none.Messages?.[0]?.MessageAttributes).toBeUndefined();
    expect(none.Messages?.[0]?.MD5OfMessageAttributes).toBeUndefined();
  });

  it('rejects invalid attributes, bodies and oversized messages', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'validation', { MaximumMessageSize: '1024' });
    const send = (input: Omit<ConstructorParameters<typeof SendMessageCommand>[0], 'QueueUrl'>) =>
      failure(sqs.send(new SendMessageCommand({ QueueUrl, ...input })));

    expect((await send({ MessageBody: 'x'.repeat(1025) })).name).toBe('InvalidParameterValue');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1024) }));
    expect((await send({ MessageBody: 'bell \u0007' })).name).toBe('InvalidMessageContents');
    const badNumber = await send({
      MessageBody: 'x',
      MessageAttributes: { n: { DataType: 'Number', StringValue: 'twelve' } },
    });
    expect(badNumber.name).toBe('InvalidParameterValue');
    const badType = await send({
      MessageBody: 'x',
      MessageAttributes: { n: { DataType: 'Json', StringValue: '{}' } },
    });
    expect(badType.name).toBe('InvalidParameterValue');
    const reserved = await send({
      MessageBody: 'x',
      MessageAttributes: { 'AWS.thing': { DataType: 'String', StringValue: 'v' } },
    });
    expect(reserved.name).toBe('InvalidParameterValue');
    expect((await send({ MessageBody: 'x', DelaySeconds: 901 })).name).toBe(
      'InvalidParameterValue',
    );
  });

  it('accepts up to the 1 MiB default message size and no more', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'large');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1_048_576) }));
    const tooBig = await failure(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x'.repeat(1_048_577) })),
    );
    expect(tooBig.name).toBe('InvalidParameterValue');
    expect(tooBig.message).toMatch(/shorter than 1048576 bytes/);
  });

  it('returns system attributes and counts receives', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'system');
    const before = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'counted' }));
    const receive = () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MessageSystemAttributeNames: ['All'],
          VisibilityTimeout: 0,
        }),
      );
    const first = (await receive()).Messages?.[0]?.Attributes ?? {};
    expect(first.ApproximateReceiveCount).toBe('1');
    expect(first.SenderId).toBe(ACCESS_KEY_ID);
    expect(Number(first.SentTimestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(first.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(
      Number(first.SentTimestamp),
    );
    const second = (await receive()).Messages?.[0]?.Attributes ?? {};
    expect(second.ApproximateReceiveCount).toBe('2');
    expect(second.ApproximateFirstReceiveTimestamp).toBe(first.ApproximateFirstReceiveTimestamp);
    // The deprecated AttributeNames spelling still works, one name at a time
    // (the SDK types it with queue attribute names, SQS reads message ones).
    const AttributeNames = ['ApproximateReceiveCount'] as unknown as QueueAttributeName[];
    const legacy = await sqs.send(new ReceiveMessageCommand({ QueueUrl, AttributeNames }));
    expect(legacy.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '3' });
  });

  it('hides a received message for the visibility timeout, then redelivers it', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'visibility', { VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'again' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(first.Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    // The visibility timeout (1 s) is the behaviour: only time passing can end it.
    await sleep(1_100);
    const second = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(second.Messages?.[0]?.Body).toBe('again');
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(second.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
  });

  it('changes visibility, and only the latest receipt handle counts', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'change', { VisibilityTimeout: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'movable' }));
    const first = (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0];
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const second = (await sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0];
    expect(second?.MessageId).toBe(first?.MessageId);

    // A stale handle: SQS accepts the delete but keeps the message.
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first?.ReceiptHandle }));
    expect((await counts(sqs, QueueUrl)).inFlight).toBe(1);
    const stale = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      ),
    );
    expect(stale.name).toBe('InvalidParameterValue');

    const invalid = await failure(
      sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: 'not-a-handle' })),
    );
    expect(invalid.name).toBe('ReceiptHandleIsInvalid');

    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: second?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const notInFlight = await failure(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl,
          ReceiptHandle: second?.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(notInFlight.name).toBe('MessageNotInflight');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: second?.ReceiptHandle }));
    expect(await counts(sqs, QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('delays delivery per message and per queue', async () => {
    const { sqs } = await startLocalSqs();
    const perMessage = await queue(sqs, 'delay-message');
    const perQueue = await queue(sqs, 'delay-queue', { DelaySeconds: '1' });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: perMessage, MessageBody: 'm', DelaySeconds: 1 }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: perQueue, MessageBody: 'q' }));
    // A per-message 0 overrides the queue's delay.
    await sqs.send(
      new SendMessageCommand({ QueueUrl: perQueue, MessageBody: 'now', DelaySeconds: 0 }),
    );

    expect(await counts(sqs, perMessage)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    expect(await counts(sqs, perQueue)).toEqual({ visible: 1, inFlight: 0, delayed: 1 });
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: perMessage }))).Messages,
    ).toBeUndefined();
    const immediate = await sqs.send(new ReceiveMessageCommand({ QueueUrl: perQueue }));
    expect(immediate.Messages?.map((m) => m.Body)).toEqual(['now']);

    // The delay (1 s) is the behaviour: only time passing can end it.
    await sleep(1_050);
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: perMessage }))).Messages?.[0]?.Body,
    ).toBe('m');
    expect(
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl: perQueue }))).Messages?.[0]?.Body,
    ).toBe('q');
  });

  it('receives up to MaxNumberOfMessages and rejects more than 10', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'many');
    for (let i = 0; i < 15; i++) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
    }
    const ten = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(ten.Messages).toHaveLength(10);
    const rest = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(rest.Messages).toHaveLength(5);
    const tooMany = await failure(
      sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 })),
    );
    expect(tooMany.name).toBe('InvalidParameterValue');
    expect(tooMany.message).toMatch(/MaxNumberOfMessages/);
  });

  it('purges every message whatever its state', async () => {
    const { sqs } = await startLocalSqs();
    const QueueUrl = await queue(sqs, 'purge');
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'visible' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'in flight' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'delayed', DelaySeconds: 600 }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(await counts(sqs, QueueUrl)).toEqual({ visible: 1, inFlight: 1, delayed: 1 });
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    expect(await counts(sqs, QueueUrl)).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('expires messages older than the retention period', async () => {
    let now = Date.now();
    const { sqs, server } = await startLocalSqs({ clock: () => now });
    const QueueUrl = await queue(sqs, 'retention', { MessageRetentionPeriod: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'old' }));
    now += 30_000;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'young' }));
    now += 31_000;
    expect(server.store.stats('retention')).toMatchObject({ visible: 1 });
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages?.map((m) => m.Body)).toEqual(['young']);
  });
});
