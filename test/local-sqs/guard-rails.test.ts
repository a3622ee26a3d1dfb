import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

describe('local SQS rules AWS enforces', () => {
  it('never returns a message twice in one answer when the visibility timeout is 0', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl: onReceive } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'zero-on-receive' }),
    );
    const { QueueUrl: onQueue } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'zero-on-queue',
        Attributes: { VisibilityTimeout: '0' },
      }),
    );
    for (const QueueUrl of [onReceive, onQueue]) {
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'only one' }));
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          ...(QueueUrl === onReceive && { VisibilityTimeout: 0 }),
        }),
      );
      expect(Messages.map((message) => message.Body)).toEqual(['only one']);
      expect(Messages[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
      // Visible again at once: the next receive gets it, counted once more.
      const again = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          ...(QueueUrl === onReceive && { VisibilityTimeout: 0 }),
        }),
      );
      expect(again.Messages?.map((message) => message.Attributes)).toEqual([
        { ApproximateReceiveCount: '2' },
      ]);
    }
  });

  it('refuses a second PurgeQueue within 60 seconds with PurgeQueueInProgress (403)', async () => {
    let now = Date.now();
    const { sqs } = await startLocalSqs({ clock: () => now });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'purged' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
    now += 59_000;
    const refused = await failure(sqs.send(new PurgeQueueCommand({ QueueUrl })));
    expect(refused.name).toBe('PurgeQueueInProgress');
    expect(refused.Code).toBe('AWS.SimpleQueueService.PurgeQueueInProgress');
    expect(refused.message).toBe(
      'Only one PurgeQueue operation on purged is allowed every 60 seconds.',
    );
    expect((refused.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(403);
    // The refused purge removed nothing.
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
    now += 1_000;
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
  });

  it('keeps a deleted queue name taken for 60 seconds with QueueDeletedRecently', async () => {
    let now = Date.now();
    const { sqs } = await startLocalSqs({ clock: () => now });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'recycled' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    now += 59_999;
    const refused = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'recycled' })));
    expect(refused.name).toBe('QueueDeletedRecently');
    expect(refused.Code).toBe('AWS.SimpleQueueService.QueueDeletedRecently');
    expect((refused.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    // Other names are free, and this one is once the minute is over.
    await sqs.send(new CreateQueueCommand({ QueueName: 'recycled-2' }));
    now += 1;
    const { QueueUrl: again } = await sqs.send(new CreateQueueCommand({ QueueName: 'recycled' }));
    expect(again).toBe(QueueUrl);
  });
});
