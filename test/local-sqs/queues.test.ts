import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueueTagsCommand,
  ListQueuesCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

describe('local SQS queues', () => {
  it('creates a queue at the documented URL and finds it by name', async () => {
    const { sqs, server } = await startLocalSqs();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
    expect(QueueUrl).toBe(`http://localhost:${server.port}/000000000000/orders`);
    const found = await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    expect(found.QueueUrl).toBe(QueueUrl);
  });

  it('is idempotent when attributes match and refuses different ones', async () => {
    const { sqs } = await startLocalSqs();
    const create = (VisibilityTimeout: string) =>
      sqs.send(new CreateQueueCommand({ QueueName: 'jobs', Attributes: { VisibilityTimeout } }));
    const first = await create('45');
    expect((await create('45')).QueueUrl).toBe(first.QueueUrl);
    // Naming no attributes matches any existing queue, as in SQS.
    await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }));
    const error = await failure(create('46'));
    // The SDK's name for SQS's QueueAlreadyExists.
    expect(error.name).toBe('QueueNameExists');
    expect(error.Code).toBe('QueueAlreadyExists');
  });

  it('lists queues by prefix and pages with MaxResults', async () => {
    const { sqs } = await startLocalSqs();
    expect((await sqs.send(new ListQueuesCommand({}))).QueueUrls).toBeUndefined();
    for (const name of ['a-1', 'a-2', 'a-3', 'b-1']) {
      await sqs.send(new CreateQueueCommand({ QueueName: name }));
    }
    const prefixed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'a-' }));
    expect(prefixed.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['a-1', 'a-2', 'a-3']);
    const page1 = await sqs.send(new ListQueuesCommand({ MaxResults: 3 }));
    expect(page1.QueueUrls).toHaveLength(3);
    expect(page1.NextToken).toBeDefined();
    const page2 = await sqs.send(
      new ListQueuesCommand({ MaxResults: 3, NextToken: page1.NextToken }),
    );
    expect(page2.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['b-1']);
    expect(page2.NextToken).toBeUndefined();
  });

  it('reports all attributes, computed ones included, or just those named', async () => {
    const { sqs } = await startLocalSqs({ region: 'eu-west-1', accountId: '123456789012' });
    const before = Math.floor(Date.now() / 1000);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'attrs', Attributes: { VisibilityTimeout: '7' } }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'later', DelaySeconds: 60 }));
    const { Attributes: all } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
    );
    expect(all).toMatchObject({
      QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:attrs',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '1',
      VisibilityTimeout: '7',
      DelaySeconds: '0',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
    });
    expect(Number(all?.CreatedTimestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(all?.CreatedTimestamp)).toBeLessThanOrEqual(Date.now() / 1000);
    const { Attributes: some } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'],
      }),
    );
    expect(some).toEqual({
      QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:attrs',
      ApproximateNumberOfMessages: '1',
    });
    const unknown = await failure(
      sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: ['Nope' as 'All'],
        }),
      ),
    );
    expect(unknown.name).toBe('InvalidAttributeName');
  });

  it('changes attributes and validates them', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'settable' }));
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl,
        Attributes: { VisibilityTimeout: '120', DelaySeconds: '5', Policy: '{"Version":"x"}' },
      }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['VisibilityTimeout', 'DelaySeconds', 'Policy'],
      }),
    );
    expect(Attributes).toEqual({
      VisibilityTimeout: '120',
      DelaySeconds: '5',
      Policy: '{"Version":"x"}',
    });
    const outOfRange = await failure(
      sqs.send(
        new SetQueueAttributesCommand({ QueueUrl, Attributes: { VisibilityTimeout: '-1' } }),
      ),
    );
    expect(outOfRange.name).toBe('InvalidAttributeValue');
    const unknown = await failure(
      sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { Colour: 'blue' } as Record<string, string>,
        }),
      ),
    );
    expect(unknown.name).toBe('InvalidAttributeName');
  });

  it('answers QueueDoesNotExist for unknown and deleted queues', async () => {
    const { sqs } = await startLocalSqs();
    const missing = await failure(sqs.send(new GetQueueUrlCommand({ QueueName: 'ghost' })));
    expect(missing.name).toBe('QueueDoesNotExist');
    expect(missing.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(missing.$fault).toBe('client');

    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'short-lived' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));
    const sendError = await failure(
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' })),
    );
    expect(sendError.name).toBe('QueueDoesNotExist');
    expect((await failure(sqs.send(new DeleteQueueCommand({ QueueUrl })))).name).toBe(
      'QueueDoesNotExist',
    );
  });

  it('accepts a QueueUrl of any host as long as the queue exists', async () => {
    const { sqs } = await startLocalSqs();
    await sqs.send(new CreateQueueCommand({ QueueName: 'anyhost' }));
    const QueueUrl = 'https://sqs.us-east-1.amazonaws.com/999999999999/anyhost';
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hi' }));
    expect(sent.MessageId).toBeDefined();
  });

  it('gives the .fifo suffix to FIFO queues only, and refuses invalid names clearly', async () => {
    const { sqs } = await startLocalSqs();
    const fifo = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'orders.fifo' })));
    expect(fifo.name).toBe('InvalidParameterValue');
    const flagged = await failure(
      sqs.send(new CreateQueueCommand({ QueueName: 'orders', Attributes: { FifoQueue: 'true' } })),
    );
    expect(flagged.name).toBe('InvalidParameterValue');
    expect(flagged.message).toMatch(/must end with \.fifo suffix/);
    const bad = await failure(sqs.send(new CreateQueueCommand({ QueueName: 'no spaces' })));
    expect(bad.name).toBe('InvalidParameterValue');
  });

  it('keeps tags and lists dead-letter source queues', async () => {
    const { sqs } = await startLocalSqs();
    const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'dlq' }));
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'main',
        tags: { team: 'posts' },
        Attributes: {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
            maxReceiveCount: 3,
          }),
        },
      }),
    );
    await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'local' } }));
    await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['team'] }));
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ env: 'local' });
    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    expect(sources.queueUrls).toEqual([QueueUrl]);
  });
});
