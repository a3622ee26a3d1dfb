import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

/** Queue URLs carry the port, which changes on restart; the name does not. */
async function urlOf(local: Awaited<ReturnType<typeof startLocalSqs>>, QueueName: string) {
  const { QueueUrl } = await local.sqs.send(new GetQueueUrlCommand({ QueueName }));
  if (!QueueUrl) throw new Error('no queue URL');
  return QueueUrl;
}

describe('local SQS persistence', () => {
  it('keeps queues, attributes and messages across a restart', async () => {
    const local = await startLocalSqs();
    await local.sqs.send(
      new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '17' } }),
    );
    let QueueUrl = await urlOf(local, 'durable');
    const sent = await local.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'survives',
        MessageAttributes: { n: { DataType: 'Number', StringValue: '7' } },
      }),
    );
    await local.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'second' }));

    await local.restart();
    QueueUrl = await urlOf(local, 'durable');
    const { Attributes } = await local.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['VisibilityTimeout', 'ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes).toEqual({ VisibilityTimeout: '17', ApproximateNumberOfMessages: '2' });
    const { Messages } = await local.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages?.map((m) => m.Body)).toEqual(['survives', 'second']);
    expect(Messages?.[0]?.MessageId).toBe(sent.MessageId);
    expect(Messages?.[0]?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
  });

  it('brings an in-flight message back only when its visibility timeout ends', async () => {
    const local = await startLocalSqs();
    await local.sqs.send(new CreateQueueCommand({ QueueName: 'inflight' }));
    let QueueUrl = await urlOf(local, 'inflight');
    await local.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'busy' }));
    const first = await local.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 1 }),
    );
    const handle = first.Messages?.[0]?.ReceiptHandle;

    await local.restart();
    QueueUrl = await urlOf(local, 'inflight');
    expect(local.server.store.stats('inflight')).toMatchObject({ visible: 0, inFlight: 1 });
    expect(
      (await local.sqs.send(new ReceiveMessageCommand({ QueueUrl }))).Messages,
    ).toBeUndefined();
    const again = await local.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        WaitTimeSeconds: 3,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    expect(again.Messages?.[0]?.Body).toBe('busy');
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(again.Messages?.[0]?.ReceiptHandle).not.toBe(handle);
  });

  it('remembers deletions of messages and queues', async () => {
    const local = await startLocalSqs();
    await local.sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
    await local.sqs.send(new CreateQueueCommand({ QueueName: 'dropped' }));
    const QueueUrl = await urlOf(local, 'kept');
    await local.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'gone' }));
    const { Messages } = await local.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    await local.sqs.send(
      new DeleteMessageCommand({ QueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle }),
    );
    await local.sqs.send(new DeleteQueueCommand({ QueueUrl: await urlOf(local, 'dropped') }));

    await local.restart();
    const { QueueUrls } = await local.sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls?.map((url) => url.split('/').pop())).toEqual(['kept']);
    expect(local.server.store.stats('kept')).toMatchObject({ visible: 0, inFlight: 0 });
    const missing = await failure(local.sqs.send(new GetQueueUrlCommand({ QueueName: 'dropped' })));
    expect(missing.name).toBe('QueueDoesNotExist');
  });

  it('has every acknowledged send on disk when it answers (a SIGKILL right after loses none)', async () => {
    const local = await startLocalSqs();
    await local.sqs.send(new CreateQueueCommand({ QueueName: 'eager' }));
    const QueueUrl = await urlOf(local, 'eager');
    const onDisk = async () => {
      // Written by rename, so a file that is there is whole.
      const text = await readFile(join(local.dataDir, 'eager.queue.json'), 'utf8');
      return (JSON.parse(text) as { messages: { body: string }[] }).messages.map((m) => m.body);
    };
    for (let i = 0; i < 5; i++) {
      await local.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
      expect(await onDisk()).toContain(`m${i}`);
    }
    // A burst shares writes (group commit) and still answers each send only once it is written.
    const burst = Array.from({ length: 20 }, (_, i) => `b${i}`);
    await Promise.all(
      burst.map(async (MessageBody) => {
        await local.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
        expect(await onDisk()).toContain(MessageBody);
      }),
    );
    expect(await readdir(local.dataDir)).toEqual(['eager.queue.json']);
    expect(await onDisk()).toHaveLength(25);
  });

  it('sets an unreadable queue file aside and loads the others', async () => {
    const errors: unknown[] = [];
    const local = await startLocalSqs({ onError: (error) => errors.push(error) });
    await local.sqs.send(new CreateQueueCommand({ QueueName: 'healthy' }));
    await local.server.store.flush();
    await writeFile(join(local.dataDir, 'broken.queue.json'), '{"version":1,"na');

    await local.restart();
    const { QueueUrls } = await local.sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls?.map((url) => url.split('/').pop())).toEqual(['healthy']);
    expect(errors).toHaveLength(1);
    const files = await readdir(local.dataDir);
    expect(files.some((file) => file.startsWith('broken.queue.json.corrupt-'))).toBe(true);
  });
});
