import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

const DLQ_ARN = 'arn:aws:sqs:us-east-1:000000000000:work-dlq';

describe('local SQS redrive', () => {
  it('moves a message to the DLQ once maxReceiveCount receives are used up', async () => {
    const { sqs, server } = await startLocalSqs();
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'work',
        // The string form of maxReceiveCount, as CloudFormation templates often write it.
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: '2' }),
        },
      }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '')).toEqual({
      deadLetterTargetArn: DLQ_ARN,
      maxReceiveCount: 2,
    });

    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'poison',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } },
      }),
    );
    // VisibilityTimeout 0 plays "the consumer failed", without waiting.
    const receive = () =>
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
    expect((await receive()).Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect((await receive()).Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect((await receive()).Messages).toBeUndefined();
    expect(server.store.stats('work')).toMatchObject({ visible: 0, inFlight: 0, delayed: 0 });

    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    const moved = Messages?.[0];
    expect(moved?.MessageId).toBe(sent.MessageId);
    expect(moved?.Body).toBe('poison');
    expect(moved?.MessageAttributes?.kind?.StringValue).toBe('bad');
    expect(moved?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(moved?.Attributes?.DeadLetterQueueSourceArn).toBe(
      'arn:aws:sqs:us-east-1:000000000000:work',
    );
  });

  it('wakes a long poll on the DLQ when a message is moved there', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'work',
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 1 }),
        },
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'once' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 5 }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect((await waiting).Messages?.[0]?.Body).toBe('once');
  });

  it('refuses a redrive policy whose target does not exist or is invalid', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'work' }));
    const set = (RedrivePolicy: string) =>
      failure(sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy } })));
    const missing = await set(JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 3 }));
    expect(missing.name).toBe('InvalidParameterValue');
    expect(missing.message).toMatch(/does not exist/);
    await sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const zero = await set(JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 0 }));
    expect(zero.name).toBe('InvalidParameterValue');
    expect((await set('not json')).name).toBe('InvalidParameterValue');
    // An empty RedrivePolicy removes it.
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ_ARN, maxReceiveCount: 3 }),
        },
      }),
    );
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: '' } }));
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(Attributes?.RedrivePolicy).toBeUndefined();
  });
});
