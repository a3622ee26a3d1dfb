import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

const arn = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

/** A source queue whose messages go to its DLQ on their second receive. */
async function queueWithDlq(sqs: SQSClient, name: string) {
  const { QueueUrl: dlqUrl = '' } = await sqs.send(
    new CreateQueueCommand({ QueueName: `${name}-dlq` }),
  );
  const { QueueUrl: url = '' } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: arn(`${name}-dlq`),
          maxReceiveCount: 1,
        }),
      },
    }),
  );
  return { url, dlqUrl };
}

async function deadLetter(sqs: SQSClient, url: string, bodies: string[]): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: bodies.map((body, i) => ({
        Id: String(i),
        MessageBody: body,
        MessageAttributes: { n: { DataType: 'Number', StringValue: String(i) } },
      })),
    }),
  );
  // First receive uses the one allowed delivery; the second moves them to the DLQ.
  await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
  );
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await read();
    if (done(value)) return value;
    // Polling: a move task runs on its own timer and reports only through its status.
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}

describe('local SQS message move tasks (DLQ redrive)', () => {
  it('moves the DLQ back to the source queue as new messages, and lists the task', async () => {
    const { sqs, server } = await startLocalSqs();
    const { url } = await queueWithDlq(sqs, 'jobs');
    await deadLetter(sqs, url, ['a', 'b', 'c']);
    expect(server.store.stats('jobs-dlq')?.visible).toBe(3);

    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: arn('jobs-dlq') }),
    );
    expect(TaskHandle).toBeTruthy();
    const [task] = await until(
      async () =>
        (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arn('jobs-dlq') }))).Results ??
        [],
      (results) => results[0]?.Status !== 'RUNNING',
    );
    expect(task).toMatchObject({
      Status: 'COMPLETED',
      SourceArn: arn('jobs-dlq'),
      ApproximateNumberOfMessagesMoved: 3,
      ApproximateNumberOfMessagesToMove: 3,
    });
    expect(server.store.stats('jobs-dlq')?.visible).toBe(0);

    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages.map((m) => m.Body).sort()).toEqual(['a', 'b', 'c']);
    for (const m of Messages) {
      // A new message: its receive count starts again, its attributes are kept.
      expect(m.Attributes?.ApproximateReceiveCount).toBe('1');
      expect(m.MessageAttributes?.n?.DataType).toBe('Number');
    }
  });

  it('moves to a given destination at a given rate, and can be cancelled', async () => {
    const { sqs, server } = await startLocalSqs();
    const { url } = await queueWithDlq(sqs, 'slow');
    await sqs.send(new CreateQueueCommand({ QueueName: 'elsewhere' }));
    await deadLetter(sqs, url, ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: arn('slow-dlq'),
        DestinationArn: arn('elsewhere'),
        MaxNumberOfMessagesPerSecond: 10,
      }),
    );
    await until(
      async () => server.store.stats('elsewhere')?.visible ?? 0,
      (moved) => moved >= 1,
    );
    const running = await failure(
      sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn('slow-dlq') })),
    );
    expect(running.name).toBe('InvalidParameterValue');
    const { ApproximateNumberOfMessagesMoved = 0 } = await sqs.send(
      new CancelMessageMoveTaskCommand({ TaskHandle }),
    );
    expect(ApproximateNumberOfMessagesMoved).toBeGreaterThanOrEqual(1);
    expect(ApproximateNumberOfMessagesMoved).toBeLessThan(10);
    const { Results = [] } = await sqs.send(
      new ListMessageMoveTasksCommand({ SourceArn: arn('slow-dlq') }),
    );
    expect(Results[0]?.Status).toBe('CANCELLED');
    expect(server.store.stats('elsewhere')?.visible).toBe(ApproximateNumberOfMessagesMoved);
  });

  it('refuses a source that is not a dead-letter queue, or does not exist', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'plain' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    const notDlq = await failure(
      sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn('plain') })),
    );
    expect(notDlq.name).toBe('InvalidParameterValue');
    const missing = await failure(
      sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn('nope') })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});
