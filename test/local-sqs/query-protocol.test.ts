import { describe, expect, it } from 'vitest';
import { startLocalSqs } from './harness';

interface XmlAnswer {
  status: number;
  contentType: string | null;
  requestId: string | null;
  body: string;
}

/** A Query-protocol call as older SDKs send it: form fields in a POST body. */
async function query(url: string, fields: Record<string, string>): Promise<XmlAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Version: '2012-11-05', ...fields }).toString(),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestId: response.headers.get('x-amzn-requestid'),
    body: await response.text(),
  };
}

const NS = 'xmlns="http://queue.amazonaws.com/doc/2012-11-05/"';

describe('local SQS Query protocol', () => {
  it('writes errors exactly as SQS does', async () => {
    const { server } = await startLocalSqs();
    const answer = await query(server.url, { Action: 'GetQueueUrl', QueueName: 'nowhere' });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe('text/xml');
    expect(answer.body).toBe(
      `<?xml version="1.0"?><ErrorResponse ${NS}><Error><Type>Sender</Type>` +
        '<Code>AWS.SimpleQueueService.NonExistentQueue</Code>' +
        '<Message>The specified queue does not exist.</Message><Detail/></Error>' +
        `<RequestId>${answer.requestId}</RequestId></ErrorResponse>`,
    );
    const unknown = await query(server.url, { Action: 'FlyToTheMoon' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toContain('<Code>InvalidAction</Code>');
    const noAction = await query(server.url, {});
    expect(noAction.body).toContain('<Code>MissingAction</Code>');
  });

  it('decodes flattened lists and maps and answers in the model shapes', async () => {
    const { server } = await startLocalSqs();
    const created = await query(server.url, {
      Action: 'CreateQueue',
      QueueName: 'wire',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '45',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'posts',
    });
    const url = `http://localhost:${server.port}/000000000000/wire`;
    expect(created.body).toBe(
      `<?xml version="1.0"?><CreateQueueResponse ${NS}><CreateQueueResult>` +
        `<QueueUrl>${url}</QueueUrl></CreateQueueResult>` +
        `<ResponseMetadata><RequestId>${created.requestId}</RequestId></ResponseMetadata>` +
        '</CreateQueueResponse>',
    );
    expect(server.store.listQueueTags('wire')).toEqual({ team: 'posts' });

    const batch = await query(server.url, {
      Action: 'SendMessageBatch',
      QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'a',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one & <two>',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'kind',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'String',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': 'x',
      'SendMessageBatchRequestEntry.2.Id': 'b',
      'SendMessageBatchRequestEntry.2.MessageBody': 'late',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '901',
    });
    expect(batch.body).toMatch(
      /<SendMessageBatchResult><SendMessageBatchResultEntry><Id>a<\/Id><MessageId>[-0-9a-f]{36}<\/MessageId><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody><MD5OfMessageAttributes>[0-9a-f]{32}<\/MD5OfMessageAttributes><\/SendMessageBatchResultEntry><BatchResultErrorEntry><Id>b<\/Id><SenderFault>true<\/SenderFault><Code>InvalidParameterValue<\/Code><Message>[^<]*DelaySeconds[^<]*<\/Message><\/BatchResultErrorEntry><\/SendMessageBatchResult>/,
    );

    const received = await query(server.url, {
      Action: 'ReceiveMessage',
      QueueUrl: url,
      'AttributeName.1': 'SentTimestamp',
      'MessageAttributeName.1': 'All',
      MaxNumberOfMessages: '10',
    });
    expect(received.body).toMatch(
      /<ReceiveMessageResult><Message><MessageId>[^<]+<\/MessageId><ReceiptHandle>[^<]+<\/ReceiptHandle><MD5OfBody>[0-9a-f]{32}<\/MD5OfBody><Body>one &amp; &lt;two&gt;<\/Body><Attribute><Name>SentTimestamp<\/Name><Value>\d+<\/Value><\/Attribute><MessageAttribute><Name>kind<\/Name><Value><DataType>String<\/DataType><StringValue>x<\/StringValue><\/Value><\/MessageAttribute><MD5OfMessageAttributes>[0-9a-f]{32}<\/MD5OfMessageAttributes><\/Message><\/ReceiveMessageResult>/,
    );

    const attributes = await query(server.url, {
      Action: 'GetQueueAttributes',
      QueueUrl: url,
      'AttributeName.1': 'VisibilityTimeout',
      'AttributeName.2': 'ApproximateNumberOfMessagesNotVisible',
    });
    expect(attributes.body).toContain(
      '<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>45</Value></Attribute><Attribute><Name>ApproximateNumberOfMessagesNotVisible</Name><Value>1</Value></Attribute></GetQueueAttributesResult>',
    );
    // An action without output answers with the metadata alone.
    const purged = await query(server.url, { Action: 'PurgeQueue', QueueUrl: url });
    expect(purged.body).toBe(
      `<?xml version="1.0"?><PurgeQueueResponse ${NS}><ResponseMetadata><RequestId>${purged.requestId}</RequestId></ResponseMetadata></PurgeQueueResponse>`,
    );
    const again = await query(server.url, { Action: 'PurgeQueue', QueueUrl: url });
    expect(again.status).toBe(403);
    expect(again.body).toContain('<Code>AWS.SimpleQueueService.PurgeQueueInProgress</Code>');
  });

  it('takes GET query strings and the queue URL as the request path, as older clients send them', async () => {
    const { server } = await startLocalSqs();
    const created = await fetch(`${server.url}/?Action=CreateQueue&QueueName=by-path`);
    expect(created.status).toBe(200);
    const sent = await fetch(`${server.url}/000000000000/by-path`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=SendMessage&MessageBody=via+the+path',
    });
    expect(await sent.text()).toContain('<SendMessageResult><MessageId>');
    const listed = await fetch(`${server.url}/?Action=ListQueues`);
    expect(await listed.text()).toContain(
      `<ListQueuesResult><QueueUrl>http://localhost:${server.port}/000000000000/by-path</QueueUrl></ListQueuesResult>`,
    );
    expect(server.store.stats('by-path')?.visible).toBe(1);
  });
});
