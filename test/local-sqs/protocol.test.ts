import { AddPermissionCommand, CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { failure, startLocalSqs } from './harness';

interface RawResponse {
  status: number;
  queryError: string | null;
  contentType: string | null;
  body: Record<string, unknown>;
}

async function post(
  url: string,
  target: string | undefined,
  body: string,
  contentType = 'application/x-amz-json-1.0',
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'content-type': contentType };
  if (target) headers['x-amz-target'] = target;
  const response = await fetch(url, { method: 'POST', headers, body });
  return {
    status: response.status,
    queryError: response.headers.get('x-amzn-query-error'),
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('local SQS wire protocol', () => {
  it('shapes QueueDoesNotExist exactly like SQS', async () => {
    const { server } = await startLocalSqs();
    const response = await post(
      server.url,
      'AmazonSQS.GetQueueUrl',
      JSON.stringify({ QueueName: 'nowhere' }),
    );
    expect(response).toEqual({
      status: 400,
      queryError: 'AWS.SimpleQueueService.NonExistentQueue;Sender',
      contentType: 'application/x-amz-json-1.0',
      body: {
        __type: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      },
    });
  });

  it('rejects unknown actions, and names the ones it does not emulate', async () => {
    const { server, sqs } = await startLocalSqs();
    const unknown = await post(server.url, 'AmazonSQS.FlyToTheMoon', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.body.__type).toBe('com.amazon.coral.service#UnknownOperationException');
    const noTarget = await post(server.url, undefined, '{}');
    expect(noTarget.body.__type).toBe('com.amazon.coral.service#UnknownOperationException');

    await sqs.send(new CreateQueueCommand({ QueueName: 'perm' }));
    const unsupported = await failure(
      sqs.send(
        new AddPermissionCommand({
          QueueUrl: `${server.url}/000000000000/perm`,
          Label: 'l',
          AWSAccountIds: ['111111111111'],
          Actions: ['SendMessage'],
        }),
      ),
    );
    expect(unsupported.name).toBe('UnsupportedOperation');
  });

  it('answers malformed input with errors and keeps serving', async () => {
    const { server, sqs } = await startLocalSqs();
    const malformed = await post(server.url, 'AmazonSQS.ListQueues', '{"QueueNamePrefix": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.__type).toBe('com.amazon.coral.service#SerializationException');
    const notObject = await post(server.url, 'AmazonSQS.ListQueues', '[1,2]');
    expect(notObject.status).toBe(400);
    const wrongType = await post(
      server.url,
      'AmazonSQS.ReceiveMessage',
      JSON.stringify({ QueueUrl: 'http://x/0/q', MaxNumberOfMessages: 'ten' }),
    );
    expect(wrongType.status).toBe(400);
    const badUrl = await post(
      server.url,
      'AmazonSQS.SendMessage',
      JSON.stringify({ QueueUrl: 'not a url', MessageBody: 'x' }),
    );
    expect(badUrl.body.__type).toBe('com.amazonaws.sqs#InvalidAddress');
    const missing = await post(server.url, 'AmazonSQS.CreateQueue', '{}');
    expect(missing.queryError).toBe('MissingParameter;Sender');
    const plainText = await post(server.url, undefined, 'hello', 'text/plain');
    expect(plainText.status).toBe(400);
    expect(String(plainText.body.message)).toMatch(/JSON protocol.*Query protocol/);

    // Still alive and well.
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alive' }));
    expect(
      (await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'ok' }))).MessageId,
    ).toBeTruthy();
  });

  it('exposes cheap queue stats to the rest of the local runtime', async () => {
    let now = Date.now();
    const { server, sqs } = await startLocalSqs({ clock: () => now });
    expect(server.store.stats('none')).toBeUndefined();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'stats' }));
    expect(server.store.stats('stats')).toEqual({
      visible: 0,
      inFlight: 0,
      delayed: 0,
      oldestAgeSeconds: 0,
    });
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'a' }));
    now += 5_000;
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'b' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'c', DelaySeconds: 30 }));
    await server.store.receiveMessages('stats', { maxMessages: 1 });
    now += 2_000;
    expect(server.store.stats('stats')).toEqual({
      visible: 1,
      inFlight: 1,
      delayed: 1,
      oldestAgeSeconds: 7,
    });
    expect(server.store.listQueues()).toEqual(['stats']);
  });
});
