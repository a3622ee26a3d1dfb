import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ScheduledEvent, SQSEvent } from 'aws-lambda';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { benchPost } from './bench-post';
import { JobsTable } from '../../functions/adapters/jobs-table';
import { MediaTable } from '../../functions/adapters/media-table';
import { PostsTable } from '../../functions/adapters/posts-table';
import { postJobId } from '../../functions/domain/job';
import type { Post } from '../../functions/domain/post';
import { functions, jobs, type FunctionName } from '../../lib/description';
import { image } from '../../test/support/media-fixtures';
import { sqsRecord } from '../../test/support/sqs-record';
import { putObject } from './in-process-aws';
import { routeEvent, signedInEvent } from '../harness/api-gateway-event';

/**
 * An invocation of a function and of its bare baseline (`bench/baselines/`),
 * with every AWS call answered in process (in-process-aws.ts, seeding too). `event` runs
 * untimed before each invocation (it may seed what the invocation reads).
 */
export interface BaselineSubject {
  event(index: number): unknown;
  /** Why the answer is not the one measured; undefined when it is. */
  check(result: unknown, side: 'full' | 'bare'): string | undefined;
}

const AUTHOR = 'bench-author';

/** The function answers `status`; the bare baseline any 2xx. */
function answers(status: number): BaselineSubject['check'] {
  return (result, side) => {
    const { statusCode, body } = result as { statusCode: number; body: string };
    const ok = side === 'full' ? statusCode === status : statusCode >= 200 && statusCode < 300;
    return ok ? undefined : `answered ${statusCode}: ${body}`;
  };
}

/** An SQS batch handler: no message of the batch failed. */
const batchDone: BaselineSubject['check'] = (result) => {
  const failures = (result as { batchItemFailures?: unknown[] } | undefined)?.batchItemFailures;
  return failures && failures.length > 0 ? `failed ${JSON.stringify(failures)}` : undefined;
};

const nothingToCheck: BaselineSubject['check'] = () => undefined;

function newPost(author = AUTHOR): Post {
  return benchPost(author, 'ready');
}

async function seedPost(name: FunctionName, author = AUTHOR): Promise<Post> {
  const post = newPost(author);
  await PostsTable.forFunction(name).create(post);
  return post;
}

function sqsEvent(body: unknown): SQSEvent {
  return { Records: [sqsRecord(JSON.stringify(body))] };
}

const scheduled: ScheduledEvent = {
  version: '0',
  id: 'bench',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '000000000000',
  time: '2026-01-01T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {},
};

const POSTS = 200;

/**
 * A webhook receiver on this machine (the child runs with the local cloud's
 * `WEBHOOK_URLS_ALLOW_LOOPBACK`): 200, echoing an ownership challenge.
 */
async function receiver(): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      let challenge: unknown;
      try {
        challenge = (JSON.parse(body) as { challenge?: unknown }).challenge;
      } catch {
        challenge = undefined;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(typeof challenge === 'string' ? JSON.stringify({ challenge }) : '{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.unref();
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

/**
 * A verified webhook of AUTHOR's, stored as WebhooksTable stores it (its secret sealed by KMS):
 * active, or disabled for enableWebhook to enable (a delivery to a disabled one is settled as
 * failed at once, without a call, where the baseline delivers).
 */
async function seedWebhook(
  name: FunctionName,
  url: string,
  state: 'active' | 'disabled' = 'active',
): Promise<string> {
  const id = randomUUID();
  const created = '2026-01-01T00:00:00.000Z';
  await documentClient(functions[name].sdk).send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: {
        pk: `WEBHOOK#${id}`,
        sk: 'WEBHOOK',
        gsi1pk: `WEBHOOKS#${AUTHOR}`,
        gsi1sk: `${created}#${id}`,
        id,
        author_id: AUTHOR,
        // The attribute the deleteWebhook baseline checks the owner by.
        owner: AUTHOR,
        url,
        events: [...jobs.webhooks.events],
        created_at: created,
        state,
        consecutive_failures: 0,
        verified_at: created,
        // The in-process KMS's ciphertext is the plaintext.
        secret: `kms:v1:${Buffer.from('a-webhook-secret-for-the-bench-00').toString('base64')}`,
      },
    }),
  );
  return id;
}

/** Each function measured against its bare baseline; the four posts routes have their own. */
export const baselineSubjects: Partial<Record<FunctionName, () => Promise<BaselineSubject>>> = {
  getPostProcessing: async () => {
    const posts: Post[] = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await seedPost('getPostProcessing'));
    return {
      event: (i) =>
        signedInEvent('getPostProcessing', AUTHOR, {
          pathParameters: { id: (posts[Math.abs(i) % POSTS] as Post).id },
        }),
      check: answers(200),
    };
  },
  getJob: async () => {
    const ids: string[] = [];
    const jobs = JobsTable.forFunction('getJob');
    for (let i = 0; i < POSTS; i += 1) {
      const id = randomUUID();
      await jobs.create(id, 'textAnalysis', new Date(), AUTHOR);
      ids.push(id);
    }
    return {
      event: (i) =>
        signedInEvent('getJob', AUTHOR, { pathParameters: { id: ids[Math.abs(i) % POSTS] } }),
      check: answers(200),
    };
  },
  getStats: async () => ({
    event: () => routeEvent('getStats', { queryStringParameters: { author_id: AUTHOR } }),
    check: answers(200),
  }),
  listWebhooks: async () => ({
    event: () => signedInEvent('listWebhooks', AUTHOR),
    check: answers(200),
  }),
  analyzeText: async () => {
    const body = JSON.stringify({ text: 'A text to analyse for the benchmark. '.repeat(20) });
    return {
      event: () =>
        signedInEvent('analyzeText', AUTHOR, {
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      check: answers(202),
    };
  },
  health: async () => ({
    // `GET /health`, as anyone asks it (the details are an operator's, behind a caller limit).
    event: () => routeEvent('health'),
    check: answers(200),
  }),
  requestMediaUpload: async () => {
    const posts: Post[] = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await seedPost('requestMediaUpload'));
    return {
      event: (i) =>
        signedInEvent('requestMediaUpload', AUTHOR, {
          pathParameters: { id: (posts[Math.abs(i) % POSTS] as Post).id },
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ content_type: 'image/png', size: 20_000 }),
        }),
      check: answers(201),
    };
  },
  sweepFollowUps: async () => ({
    event: () => scheduled,
    check: nothingToCheck,
  }),
  cacheProbe: async () => ({
    event: () => scheduled,
    check: nothingToCheck,
  }),
  analyticsWorker: async () => {
    const posts: Post[] = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await seedPost('analyticsWorker'));
    return {
      event: (i) => {
        const post = posts[Math.abs(i) % POSTS] as Post;
        return sqsEvent({
          kind: 'analytics',
          job_id: postJobId('analytics', post.id),
          enqueued_at: new Date().toISOString(),
          post,
          // What the bare baseline reads (the function's schema drops it).
          post_id: post.id,
        });
      },
      check: batchDone,
    };
  },
  notificationsWorker: async () => {
    const posts: Post[] = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await seedPost('notificationsWorker'));
    return {
      event: (i) => {
        const post = posts[Math.abs(i) % POSTS] as Post;
        return sqsEvent({
          kind: 'notifications',
          job_id: postJobId('notifications', post.id),
          enqueued_at: new Date().toISOString(),
          post,
          post_id: post.id,
        });
      },
      check: batchDone,
    };
  },
  textAnalysisWorker: async () => {
    const jobs = JobsTable.forFunction('textAnalysisWorker');
    return {
      // A queued job each time (the in-process table never applies the worker's updates).
      event: async () => {
        const id = randomUUID();
        await jobs.create(id, 'textAnalysis', new Date(), AUTHOR);
        return sqsEvent({
          kind: 'textAnalysis',
          job_id: id,
          enqueued_at: new Date().toISOString(),
          text: 'A short text for the benchmark, analysed as a job. '.repeat(4),
        });
      },
      check: batchDone,
    };
  },
  externalData: async () => {
    // The partner API the parent named in PARTNER_API_URL, answered here.
    const partner = new URL(String(process.env.PARTNER_API_URL));
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ rates: { EUR: 1, USD: 1.08 }, at: '2026-01-01T00:00:00Z' }));
    });
    server.listen(Number(partner.port), partner.hostname);
    await once(server, 'listening');
    server.unref();
    return { event: () => routeEvent('externalData'), check: answers(200) };
  },
  createWebhook: async () => {
    const url = await receiver();
    const body = JSON.stringify({ url, events: [...jobs.webhooks.events] });
    return {
      event: () =>
        signedInEvent('createWebhook', AUTHOR, {
          headers: { 'Content-Type': 'application/json' },
          body,
        }),
      check: answers(201),
    };
  },
  listWebhookDeliveries: async () => {
    const id = await seedWebhook('listWebhookDeliveries', await receiver());
    return {
      event: () => signedInEvent('listWebhookDeliveries', AUTHOR, { pathParameters: { id } }),
      check: answers(200),
    };
  },
  deleteWebhook: async () => {
    const url = await receiver();
    return {
      event: async () =>
        signedInEvent('deleteWebhook', AUTHOR, {
          pathParameters: { id: await seedWebhook('deleteWebhook', url) },
        }),
      check: answers(204),
    };
  },
  enableWebhook: async () => {
    const id = await seedWebhook('enableWebhook', await receiver(), 'disabled');
    return {
      event: () => signedInEvent('enableWebhook', AUTHOR, { pathParameters: { id } }),
      check: answers(200),
    };
  },
  imageWorker: async () => {
    const posts: Post[] = [];
    for (let i = 0; i < POSTS; i += 1) posts.push(await seedPost('imageWorker'));
    return {
      event: (i) => {
        const post = posts[Math.abs(i) % POSTS] as Post;
        return sqsEvent({
          kind: 'image',
          job_id: postJobId('image', post.id),
          enqueued_at: new Date().toISOString(),
          post,
          post_id: post.id,
        });
      },
      check: batchDone,
    };
  },
  mediaWorker: async () => {
    // A small photo (the renditions are the work; a small one keeps it from drowning the rest).
    const bytes = await image(640, 480, 'jpeg');
    const post = await seedPost('mediaWorker');
    const media = MediaTable.forFunction('mediaWorker');
    return {
      // A pending upload each time: the worker's own writes are not applied here.
      event: async () => {
        const id = randomUUID();
        const key = `uploads/${post.id}/${id}`;
        const at = new Date().toISOString();
        await media.reserve(
          {
            id,
            post_id: post.id,
            state: 'pending',
            content_type: 'image/jpeg',
            size: bytes.length,
            upload_key: key,
            created_at: at,
            updated_at: at,
          },
          AUTHOR,
          100,
          new Date(Date.now() + 3_600_000),
        );
        putObject(key, bytes, 'image/jpeg');
        return sqsEvent({
          Records: [
            {
              eventName: 'ObjectCreated:Post',
              s3: { bucket: { name: 'bench-media' }, object: { key, size: bytes.length } },
            },
          ],
        });
      },
      check: batchDone,
    };
  },
  webhookDeliveriesWorker: async () => {
    const webhookId = await seedWebhook('webhookDeliveriesWorker', await receiver());
    const post = await seedPost('webhookDeliveriesWorker');
    const event = jobs.webhooks.events[0];
    return {
      event: () => {
        const jobId = randomUUID();
        return sqsEvent({
          kind: 'webhookDeliveries',
          job_id: jobId,
          enqueued_at: new Date().toISOString(),
          webhook_id: webhookId,
          event,
          post,
          // What the bare baseline reads (the function's schema drops it).
          delivery_sk: `DELIVERY#${post.created_at}#${jobId}`,
        });
      },
      check: batchDone,
    };
  },
};
