import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { startLocalSqs } from './harness';

async function setUp(Attributes: Record<string, string> = {}) {
  const local = await startLocalSqs();
  const { QueueUrl } = await local.sqs.send(
    new CreateQueueCommand({ QueueName: 'poll', Attributes }),
  );
  if (!QueueUrl) throw new Error('no queue URL');
  return { ...local, QueueUrl };
}

/** Until that many receives wait on the queue: the polls are in, what is sent next answers them. */
function waiting(server: { store: { longPolls(name: string): number } }, polls: number) {
  return eventually(() => expect(server.store.longPolls('poll')).toBe(polls), {
    intervalMs: 10,
  });
}

describe('local SQS long polling', () => {
  it('answers as soon as a message arrives', async () => {
    const { sqs, server, QueueUrl } = await setUp();
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    // The poll waits on an empty queue; the message arrives during its wait.
    await waiting(server, 1);
    const sentAt = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'arrived' }));
    const { Messages } = await receiving;
    expect(Messages?.[0]?.Body).toBe('arrived');
    // Answered on arrival, not at the end of its 20 s wait: the margin holds on a loaded
    // machine, where a send and an answer can take a second.
    expect(Date.now() - sentAt).toBeLessThan(10_000);
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
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }),
    );
    const elapsed = Date.now() - started;
    expect(Messages?.[0]?.Body).toBe('soon');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    // At the delay's end, not the wait's (20 s), with a margin a loaded machine keeps.
    expect(elapsed).toBeLessThan(10_000);
  });

  it('serves concurrent pollers one message each', async () => {
    const { sqs, server, QueueUrl } = await setUp();
    const polls = [1, 2, 3].map(() =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 })),
    );
    await waiting(server, 3);
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
    await waiting(server, 1);
    await server.close();
    const { Messages } = await receiving;
    expect(Messages).toBeUndefined();
    // Well before the poll's 20 s, with a margin a loaded machine keeps.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
