import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult, SQSBatchResponse } from 'aws-lambda';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsSafeJson } from '../../functions/adapters/sqs-job-queue';
import { sqsEvent as sqsEventOf } from '../../local/event-sources/sqs-event';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { functions, service } from '../../lib/description';
import { apiEvent, lambdaContext, signedIn } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';
import { localJobQueues, type LocalJobQueues } from '../support/local-job-queues';
import { localMediaBucket, type LocalMediaBucket } from '../support/local-media-bucket';
import { dimensions, formUpload, image, type UploadTicket } from '../support/media-fixtures';

interface Link {
  readonly url: string;
  readonly width: number;
  readonly height: number;
  readonly expires_at: string;
}
interface MediaView {
  readonly id: string;
  readonly state: string;
  readonly reason?: string;
  readonly web: Link;
  readonly thumbnail: Link;
}

/**
 * The media handlers called as Lambda calls them, against dynalite, the local
 * S3 and the local SQS: the workers get their messages from their real
 * queues (the S3 notification, the image job POST /posts sent), received as
 * the event source mapping receives them.
 */
type Handler<R> = (event: unknown, context: unknown) => Promise<R>;
let table: Awaited<ReturnType<typeof localTable>>;
let bucket: LocalMediaBucket;
let jobQueues: LocalJobQueues;
let sqs: SQSClient;
const api: Record<string, Handler<APIGatewayProxyResult>> = {};
const workers: Record<string, Handler<SQSBatchResponse>> = {};

beforeAll(async () => {
  table = await localTable();
  bucket = await localMediaBucket();
  jobQueues = await localJobQueues();
  sqs = new SQSClient({
    endpoint: jobQueues.server.url,
    region: localRegion,
    credentials: localCredentials,
  });
  for (const name of [
    'create-post',
    'get-post',
    'get-post-processing',
    'request-media-upload',
    'delete-post',
  ]) {
    api[name] = (
      (await import(`../../functions/api/${name}.ts`)) as { handler: Handler<never> }
    ).handler;
  }
  for (const name of ['media-worker', 'image-worker']) {
    workers[name] = (
      (await import(`../../functions/workers/${name}.ts`)) as { handler: Handler<never> }
    ).handler;
  }
});
afterAll(async () => {
  await table.close();
  await bucket.close();
  sqs.destroy();
  await jobQueues.close();
});

async function call(name: string, event: Parameters<typeof apiEvent>[0]) {
  const result = await api[name]!(apiEvent(event), lambdaContext(name));
  return {
    status: result.statusCode,
    body: JSON.parse(result.body || '{}') as Record<string, unknown>,
  };
}

const queueOf = { 'media-worker': 'media', 'image-worker': 'image' } as const;

/**
 * Puts the bodies on the worker's real queue (as S3 or POST /posts put them there), receives
 * them as the event source mapping does, and invokes the worker with that SQS event.
 */
async function work(name: keyof typeof queueOf, ...bodies: string[]) {
  const queue = jobQueues.queues[queueOf[name]];
  // Not PurgeQueue: SQS allows one a minute per queue.
  jobQueues.server.store.clearQueue(queue.name);
  for (const body of bodies) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: body }));
  }
  const messages: Message[] = [];
  while (messages.length < bodies.length) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) throw new Error(`only ${messages.length} of ${bodies.length} came`);
    messages.push(...Messages);
  }
  // In the order sent, so a test can name a record by its body's place.
  messages.sort((a, b) => bodies.indexOf(a.Body ?? '') - bodies.indexOf(b.Body ?? ''));
  const event = sqsEventOf(messages, queue.arn, localRegion);
  lastMessageIds = messages.map((m) => m.MessageId ?? '');
  return workers[name]!(event, lambdaContext(name, 60_000));
}
/** The message ids of the last batch `work` delivered, in the order of its bodies. */
let lastMessageIds: string[] = [];

async function newPost(author = 'mika', content = 'A post with pictures') {
  const created = await call('create-post', {
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content, post_type: 'personal' }),
    requestContext: signedIn(author),
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function ticketFor(postId: string, contentType: string, size: number, author = 'mika') {
  const answer = await call('request-media-upload', {
    httpMethod: 'POST',
    pathParameters: { id: postId },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content_type: contentType, size }),
    requestContext: signedIn(author),
  });
  return answer;
}

/** Uploads through the presigned POST and hands the resulting S3 event to the media worker. */
async function uploadAndProcess(
  postId: string,
  declared: string,
  bytes: Buffer,
  stored = declared,
) {
  const ticket = await ticketFor(postId, declared, bytes.length);
  expect(ticket.status).toBe(201);
  const upload = await formUpload(ticket.body as unknown as UploadTicket, bytes, {
    'Content-Type': stored,
  });
  await bucket.server.idle();
  const event = bucket.events.at(-1);
  return { ticket: ticket.body as unknown as UploadTicket, upload, event: JSON.stringify(event) };
}

/** The image job POST /posts put on the image queue for this post, taken off it (its body). */
async function imageJob(postId: string): Promise<string> {
  const url = jobQueues.queues.image.url;
  for (let round = 0; round < 20; round += 1) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) throw new Error(`no image job on the queue for ${postId}`);
    for (const message of Messages) {
      const mine = (JSON.parse(message.Body ?? '{}') as { job_id?: string }).job_id;
      if (mine === `image:${postId}`) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
        );
        return message.Body ?? '';
      }
      // Another post's job: back on the queue for its own test.
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
  }
  throw new Error(`the image job for ${postId} never came round`);
}

/** The post's images as any reader sees them: the ready ones. */
async function mediaOf(postId: string) {
  const got = await call('get-post', { pathParameters: { id: postId } });
  return got.body.media as MediaView[];
}

/** How the post's jobs and uploads went, as its author reads it. */
async function processingOf(postId: string, author = 'mika') {
  const got = await call('get-post-processing', {
    pathParameters: { id: postId },
    requestContext: signedIn(author),
  });
  expect(got.status).toBe(200);
  return got.body;
}

/** Every upload of the post with its state and reason, as its author reads them. */
async function uploadsOf(postId: string, author = 'mika') {
  return (await processingOf(postId, author)).uploads as MediaView[];
}

/** Whether S3 has the object: only its 404 means "removed"; any other error fails the test. */
async function exists(key: string): Promise<boolean> {
  try {
    await bucket.s3.send(new HeadObjectCommand({ Bucket: bucket.bucket, Key: key }));
    return true;
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

describe('media upload and the media worker', () => {
  it('accepts a real PNG: web version and thumbnail written, media ready with download URLs, upload removed', async () => {
    const postId = await newPost();
    const png = await image(2400, 1200, 'png');
    const { ticket, upload, event } = await uploadAndProcess(postId, 'image/png', png);
    expect(upload.status).toBe(204);
    expect(await uploadsOf(postId)).toEqual([
      expect.objectContaining({ id: ticket.id, state: 'pending' }),
    ]);
    // A reader sees no image until it is ready.
    expect(await mediaOf(postId)).toEqual([]);

    expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });

    expect(await uploadsOf(postId)).toEqual([
      expect.objectContaining({ id: ticket.id, state: 'ready' }),
    ]);
    const [media] = await mediaOf(postId);
    expect(media).toMatchObject({ id: ticket.id, width: 2400, height: 1200 });
    const web = await fetch(media!.web.url);
    expect(web.headers.get('content-type')).toBe('image/webp');
    expect(await dimensions(Buffer.from(await web.arrayBuffer()))).toEqual({
      format: 'webp',
      width: 1600,
      height: 800,
    });
    expect(media!.web).toMatchObject({ width: 1600, height: 800 });
    const thumb = await fetch(media!.thumbnail.url);
    expect(await dimensions(Buffer.from(await thumb.arrayBuffer()))).toEqual({
      format: 'webp',
      width: 320,
      height: 320,
    });
    expect(Date.parse(media!.web.expires_at) - Date.now()).toBeGreaterThan(
      (service.media.downloadUrlTtlSeconds - 60) * 1000,
    );
    expect(await exists(`uploads/${postId}/${ticket.id}`)).toBe(false);

    // A redelivered event (SQS is at-least-once) changes nothing and fails nothing.
    expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });
    expect((await uploadsOf(postId))[0]).toMatchObject({ state: 'ready' });
  });

  it('never enlarges a small image, and takes JPEG and WebP too', async () => {
    const postId = await newPost();
    for (const [format, type] of [
      ['jpeg', 'image/jpeg'],
      ['webp', 'image/webp'],
    ] as const) {
      const { event } = await uploadAndProcess(postId, type, await image(400, 300, format));
      expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });
    }
    const media = await mediaOf(postId);
    expect(media.map((m) => [m.web.width, m.web.height])).toEqual([
      [400, 300],
      [400, 300],
    ]);
  });

  it('rejects bytes that are not the declared type, garbage, a truncated file and a decompression bomb, and deletes them', async () => {
    const postId = await newPost();
    const png = await image(64, 64, 'png');
    const cases: [string, Buffer, RegExp][] = [
      ['image/jpeg', png, /the bytes are a PNG image, not the declared JPEG/],
      [
        'image/png',
        Buffer.from('<script>alert(1)</script>'.repeat(10)),
        /not a JPEG, PNG or WebP image/,
      ],
      [
        'image/png',
        png.subarray(0, Math.floor(png.length * 0.6)),
        /corrupt or truncated|cannot be read/,
      ],
      ['image/png', await image(13_000, 10, 'png'), /13000x10; at most 12000 pixels a side/],
    ];
    for (const [declared, bytes, reason] of cases) {
      const { ticket, upload, event } = await uploadAndProcess(postId, declared, bytes);
      expect(upload.status, declared).toBe(204);
      expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });
      const media = (await uploadsOf(postId)).find((m) => m.id === ticket.id);
      expect(media?.state).toBe('rejected');
      expect(media?.reason).toMatch(reason);
      expect(media?.web).toBeUndefined();
      // The reason is the author's: a reader sees neither it nor the refused upload.
      expect((await mediaOf(postId)).find((m) => m.id === ticket.id)).toBeUndefined();
      expect(await exists(`uploads/${postId}/${ticket.id}`)).toBe(false);
    }
  });

  it("ignores S3's test event, and fails (for a retry) only the message it cannot read", async () => {
    const test = JSON.stringify({
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Bucket: bucket.bucket,
    });
    const result = await work('media-worker', test, '{"not":"an s3 event"}');
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: lastMessageIds[1] }]);
  });
});

describe('GET /posts/{id}/processing', () => {
  it("is the author's only: 401 without a token, 403 for anyone else, 404 for no post; GET /posts/{id} shows none of it", async () => {
    const postId = await newPost();
    const { event } = await uploadAndProcess(
      postId,
      'image/png',
      Buffer.from('not an image at all'),
    );
    expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });

    const own = await processingOf(postId);
    expect(own).toMatchObject({
      post_id: postId,
      status: 'processing',
      jobs: { analytics: 'pending', notifications: 'pending', image: 'pending' },
      share_card: 'not_yet',
      uploads: [{ state: 'rejected', reason: expect.stringMatching(/not a JPEG, PNG or WebP/) }],
    });
    const other = await call('get-post-processing', {
      pathParameters: { id: postId },
      requestContext: signedIn('someone-else'),
    });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toMatch(/JPEG|pending/);
    expect((await call('get-post-processing', { pathParameters: { id: postId } })).status).toBe(
      401,
    );
    const absent = await call('get-post-processing', {
      pathParameters: { id: '3f0e3a56-9b7c-4d43-9f0e-5f5e5f5e5f5e' },
      requestContext: signedIn('mika'),
    });
    expect(absent.status).toBe(404);

    // Anyone's read: the post and its ready images, nothing about jobs or refused uploads.
    const shown = await call('get-post', { pathParameters: { id: postId } });
    expect(Object.keys(shown.body).sort()).toEqual(
      [
        'author_id',
        'content',
        'created_at',
        'id',
        'media',
        'post_type',
        'status',
        'tags',
        'updated_at',
      ].sort(),
    );
    expect(shown.body.media).toEqual([]);
  });
});

describe('POST /posts/{id}/media', () => {
  it("refuses what S3 should never be asked for: other types, no size, too big, someone else's post, no post", async () => {
    const postId = await newPost('mika');
    const max = service.media.maxUploadBytes;
    for (const [type, size, status] of [
      ['image/gif', 10, 400],
      ['image/png', 0, 400],
      ['image/png', max + 1, 400],
      ['image/png', 1.5, 400],
    ] as const) {
      const answer = await ticketFor(postId, type, size);
      expect(answer.status, `${type} ${size}`).toBe(status);
      expect(answer.body.errors).toBeDefined();
    }
    expect((await ticketFor(postId, 'image/png', max)).status).toBe(201);
    expect((await ticketFor(postId, 'image/png', 10, 'someone-else')).status).toBe(403);
    expect((await ticketFor('3f0e3a56-9b7c-4d43-9f0e-5f5e5f5e5f5e', 'image/png', 10)).status).toBe(
      404,
    );
  });

  it('hands out at most maxPerPost uploads for a post to parallel requests (one conditional counter)', async () => {
    const postId = await newPost();
    const answers = await Promise.all(
      Array.from({ length: service.media.maxPerPost + 5 }, () =>
        ticketFor(postId, 'image/png', 100),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(service.media.maxPerPost);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    expect(await uploadsOf(postId)).toHaveLength(service.media.maxPerPost);
  });

  it('hands out at most maxPerPost uploads for a post', async () => {
    const postId = await newPost();
    for (let i = 0; i < service.media.maxPerPost; i += 1) {
      expect((await ticketFor(postId, 'image/webp', 100)).status).toBe(201);
    }
    const refused = await ticketFor(postId, 'image/webp', 100);
    expect(refused.status).toBe(409);
    expect((await uploadsOf(postId)).filter((m) => m.state === 'pending')).toHaveLength(
      service.media.maxPerPost,
    );
  });
});

describe('deleting a post', () => {
  it('removes its media objects, renditions, share card and media records: every URL answers 403 or 404', async () => {
    const postId = await newPost();
    const { event } = await uploadAndProcess(postId, 'image/png', await image(800, 600, 'png'));
    expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });
    // A second upload still pending when the post goes.
    const pending = await ticketFor(postId, 'image/png', 100);
    expect(await work('image-worker', await imageJob(postId))).toEqual({ batchItemFailures: [] });
    const before = await call('get-post', { pathParameters: { id: postId } });
    const [media] = before.body.media as MediaView[];
    const urls = [
      media!.web!.url,
      media!.thumbnail!.url,
      (before.body.share_card as { url: string }).url,
    ];
    for (const url of urls) expect((await fetch(url)).status).toBe(200);

    const deleted = await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id: postId },
      requestContext: signedIn('mika'),
    });
    expect(deleted.status).toBe(204);
    for (const url of urls) expect([403, 404]).toContain((await fetch(url)).status);
    expect(await exists(`cards/${postId}.png`)).toBe(false);
    expect(await exists(`uploads/${postId}/${String(pending.body.id)}`)).toBe(false);
    // The media records are gone too: nothing is left under the post's key.
    const left = await documentClient(functions.imageWorker.sdk).send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `POST#${postId}` },
      }),
    );
    expect(left.Items).toEqual([]);
  });

  it('leaves nothing behind when the media worker runs after the delete: no record, rendition or upload', async () => {
    const postId = await newPost();
    // Uploaded before the delete; its S3 event is processed after it.
    const { ticket, event } = await uploadAndProcess(
      postId,
      'image/png',
      await image(640, 480, 'png'),
    );
    await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id: postId },
      requestContext: signedIn('mika'),
    });
    expect(await work('media-worker', event)).toEqual({ batchItemFailures: [] });
    for (const key of [
      `uploads/${postId}/${ticket.id}`,
      `media/${postId}/${ticket.id}/web.webp`,
      `media/${postId}/${ticket.id}/thumb.webp`,
    ]) {
      expect(await exists(key), key).toBe(false);
    }
    const left = await documentClient(functions.mediaWorker.sdk).send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `POST#${postId}` },
      }),
    );
    expect(left.Items).toEqual([]);
    expect((await call('get-post', { pathParameters: { id: postId } })).status).toBe(404);
  });

  it('leaves no share card behind when the card is drawn after the delete', async () => {
    const postId = await newPost();
    const job = await imageJob(postId);
    await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id: postId },
      requestContext: signedIn('mika'),
    });
    // The job was taken before the delete: its post is stored in the message.
    expect(await work('image-worker', job)).toEqual({ batchItemFailures: [] });
    expect(await exists(`cards/${postId}.png`)).toBe(false);
  });
});

describe('share cards', () => {
  it('renders a PNG of the card size into the bucket and links it from the post', async () => {
    const postId = await newPost(
      'mika',
      'Cards are drawn by a worker, never in the request. '.repeat(8),
    );
    expect(await work('image-worker', await imageJob(postId))).toEqual({ batchItemFailures: [] });
    const stored = await bucket.s3.send(
      new GetObjectCommand({ Bucket: bucket.bucket, Key: `cards/${postId}.png` }),
    );
    expect(stored.ContentType).toBe('image/png');
    const png = Buffer.from(await stored.Body!.transformToByteArray());
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(await dimensions(png)).toEqual({ format: 'png', ...service.media.shareCard });

    const got = await call('get-post', { pathParameters: { id: postId } });
    const card = got.body.share_card as { url: string; width: number; height: number };
    // The image follow-up of the post is done.
    expect(await processingOf(postId)).toMatchObject({
      jobs: { image: 'done' },
      share_card: 'drawn',
    });
    expect(card).toMatchObject(service.media.shareCard);
    expect(
      await dimensions(Buffer.from(await (await fetch(card.url)).arrayBuffer())),
    ).toMatchObject(service.media.shareCard);
  });

  it('draws the card of a post holding characters XML cannot carry (stored before the text policy)', async () => {
    const postId = await newPost('mika', 'Before the policy');
    const job = JSON.parse(await imageJob(postId)) as { post: { content: string } };
    // The worker draws the post as stored; write one the edge would now refuse.
    const content = 'Nul \u0000, bell \u0007, escape \u001b, \uFFFE\uFFFF and a lone \uD800 end.';
    await documentClient(functions.imageWorker.sdk).send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: `POST#${postId}`, sk: 'POST' },
        UpdateExpression: 'SET content = :c',
        ExpressionAttributeValues: { ':c': content },
      }),
    );
    job.post.content = content;
    // As the sweeper would send it again: JSON that SQS accepts (sqs-job-queue.ts).
    expect(await work('image-worker', sqsSafeJson(job))).toEqual({ batchItemFailures: [] });
    const got = await call('get-post', { pathParameters: { id: postId } });
    expect((await processingOf(postId)).jobs).toMatchObject({ image: 'done' });
    expect(got.body.share_card).toMatchObject(service.media.shareCard);
  });

  it('skips a post that is gone and fails only a job it cannot read', async () => {
    const job = JSON.parse(await imageJob(await newPost())) as { post: { id: string } };
    job.post.id = '3f0e3a56-9b7c-4d43-9f0e-5f5e5f5e5f5e';
    const result = await work('image-worker', JSON.stringify(job), '{"kind":"poster"}');
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: lastMessageIds[1] }]);
  });
});
