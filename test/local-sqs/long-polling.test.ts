import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { sleep, startLocalSqs } from './harness';

async function setUp(Attributes: Record<string, string> = {}) {
  const local = await startLocalSqs();
  const { QueueUrl } = await local.sqs.send(
    new CreateQueueCommand({ QueueName: 'poll', Attributes }),
  );
  if (!QueueUrl) throw new Error('no queue URL');
  return { ...local, QueueUrl };
}

describe('local SQS long polling', () => {
  it('answers as soon as a message arrives', async () => {
    const { sqs, QueueUrl } = await setUp();
    const started = Date.now();
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    await sleep(300);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'arrived' }));
    const { Messages } = await receiving;
    const elapsed = Date.now() - started;
    expect(Messages?.[0]?.Body).toBe('arrived');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('answers empty when the wait ends, using the queue default when none is given', async () => {
    const { sqs, QueueUrl } = await setUp({ ReceiveMessageWaitTimeSeconds: '1' });
    const started = Date.now();
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('wakes up when a delayed message becomes visible', async () => {
    const { sqs, QueueUrl } = await setUp();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'soon', DelaySeconds: 1 }));
    const started = Date.now();
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5 }),
    );
    const elapsed = Date.now() - started;
    expect(Messages?.[0]?.Body).toBe('soon');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('serves concurrent pollers one message each', async () => {
    const { sqs, QueueUrl } = await setUp();
    const polls = [1, 2, 3].map(() =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 })),
    );
    await sleep(100);
    for (const body of ['a', 'b', 'c']) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    }
    const bodies = (await Promise.all(polls)).flatMap((r) => r.Messages ?? []).map((m) => m.Body);
    expect(bodies.sort()).toEqual(['a', 'b', 'c']);
  });

  it('answers pending polls promptly when the server closes', async () => {
    const { sqs, server, QueueUrl } = await setUp();
    const started = Date.now();
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sleep(100);
    await server.close();
    const { Messages } = await receiving;
    expect(Messages).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
