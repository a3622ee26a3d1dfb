import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../functions/domain/webhook-signature';
import { ensureJobQueues } from '../../local/job-queues';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { eventually } from '../support/eventually';
import { apiClient } from '../support/http-client';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { workersAtNormalPriority } from '../support/workers-at-normal-priority';

/**
 * The jobs of a new post, end to end on the local cloud: API Gateway and
 * Lambda pools, the local SQS with its event source mappings, dynalite, and a
 * real HTTP server receiving the webhooks.
 */
const queueOverrides = {
  // A poison message goes back at once until its receive count reaches the DLQ, each receive
  // costing the queue's 1 s batching window: two receives instead of five.
  analytics: { maxReceiveCount: 2 },
  // Short retries so a few failed attempts take seconds, not minutes.
  notifications: { maxReceiveCount: 4, retryBackoff: { baseSeconds: 1, maxSeconds: 1 } },
  webhookDeliveries: { retryBackoff: { baseSeconds: 1, maxSeconds: 1 } },
};
let cloud: LocalCloud;
let sqs: SQSClient;
const receivers: WebhookReceiver[] = [];
const api = apiClient(
  () => cloud.url,
  (user) => cloud.issuer.token(user),
);

beforeAll(async () => {
  cloud = await startLocalCloud({
    onLine: () => undefined,
    queues: queueOverrides,
    ...workersAtNormalPriority,
  });
  sqs = new SQSClient({
    endpoint: cloud.sqs.url,
    region: localRegion,
    credentials: localCredentials,
  });
});
afterAll(async () => {
  sqs.destroy();
  await Promise.all(receivers.map((r) => r.close()));
  await cloud.close();
});

async function receiver(answer?: (callsBefore: number) => number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  receivers.push(started);
  return started;
}

const newAuthor = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function subscribe(author: string, url: string): Promise<string> {
  const created = await api
    .as(author)
    .post('/webhooks', { author_id: author, url, events: ['post.created'] });
  expect(created.status).toBe(201);
  return created.json?.secret as string;
}

async function createPost(author: string, headers: Record<string, string> = {}) {
  const created = await api
    .as(author)
    .post(
      '/posts',
      { content: 'Jobs, not threads #serverless', post_type: 'educational', author_id: author },
      headers,
    );
  expect(created.status).toBe(201);
  return created.json as { id: string; status: string; jobs: Record<string, string> };
}

/** A new author whose webhook (a receiver answering `answer`) is subscribed, and their post. */
async function subscribedPost(name: string, answer?: (callsBefore: number) => number) {
  const hook = await receiver(answer);
  const author = newAuthor(name);
  const secret = await subscribe(author, hook.url);
  const post = await createPost(author);
  return { hook, author, secret, post };
}

/** The post as its author sees it: the public read and how its jobs went (/processing). */
const readPost = async (id: string): Promise<Record<string, unknown>> => {
  const shown = (await api.get(`/posts/${id}`)).json ?? {};
  const author = String(shown.author_id);
  const progress = (await api.as(author).get(`/posts/${id}/processing`)).json ?? {};
  return { ...shown, jobs: progress.jobs, failure: progress.failure };
};
const statsOf = async (author: string) =>
  (await api.get(`/stats?author_id=${author}&days=1`)).json as {
    totals: { posts: number; by_type: Record<string, number> };
  };

/** Resolves once the event source has settled a batch holding this message. */
function settled(queue: 'analytics' | 'notifications', messageId: string | undefined) {
  return eventually(() => {
    const batch = cloud.eventSources
      .get(queue)
      ?.batches.find((b) => b.messageIds.includes(messageId ?? ''));
    expect(batch?.outcome).toBe('succeeded');
    return batch;
  });
}

describe('a new post starts its jobs', () => {
  // One after another, though the first three each have their own author, post and receiver
  // and read only those: side by side, their invocations overlapped and every function scaled
  // out to three containers, a Node process each (24 in this file instead of 10: 4.7 s more
  // CPU for 1.2 s less wall time, in a suite whose two cores are busy). The poison batch
  // must reach the worker as one batch of ten (no other analytics message beside it), and
  // the last test deletes a queue.
  it('counts it, calls the webhook once with a valid signature, and becomes ready', async () => {
    const { hook, author, secret, post } = await subscribedPost('happy');
    expect(post).toMatchObject({
      status: 'processing',
      jobs: { analytics: 'pending', notifications: 'pending', image: 'pending' },
    });

    // Both reads in one wait: a read cut off at its deadline (a loaded machine) is read again.
    await eventually(async () => {
      const current = await readPost(post.id);
      expect(current.status).toBe('ready');
      expect(current.jobs).toEqual({ analytics: 'done', notifications: 'done', image: 'done' });
    });

    // Handed to the deliveries queue: the callback may come just after the post is ready.
    await eventually(() => expect(hook.calls).toHaveLength(1));
    const [call] = hook.calls;
    const signature = String(call?.headers['x-posts-signature']);
    expect(
      verifySignature(secret, signature, call?.body ?? '', Math.floor(Date.now() / 1000)),
    ).toBe(true);
    expect(call?.headers['x-posts-event']).toBe('post.created');
    expect(call?.headers['x-posts-delivery']).toMatch(new RegExp(`^notifications:${post.id}/`));
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({
      type: 'post.created',
      data: { post: { id: post.id, author_id: author } },
    });

    const stats = await statsOf(author);
    expect(stats.totals.posts).toBe(1);
    expect(stats.totals.by_type.educational).toBe(1);
  });

  it('changes nothing twice when the same job messages are delivered again', async () => {
    const { hook, author, post } = await subscribedPost('twice');
    await eventually(async () => expect((await readPost(post.id)).status).toBe('ready'));
    await eventually(() => expect(hook.calls).toHaveLength(1));
    const stored = await readPost(post.id);
    const before = await statsOf(author);

    for (const kind of ['analytics', 'notifications'] as const) {
      const body = JSON.stringify({
        kind,
        job_id: `${kind}:${post.id}`,
        enqueued_at: new Date().toISOString(),
        post: { ...stored, jobs: { analytics: 'pending', notifications: 'pending' } },
      });
      const sent = await sqs.send(
        new SendMessageCommand({ QueueUrl: cloud.sqs.queues[kind].url, MessageBody: body }),
      );
      await settled(kind, sent.MessageId);
    }

    expect(await statsOf(author)).toEqual(before);
    expect(hook.calls).toHaveLength(1);
    expect((await readPost(post.id)).status).toBe('ready');
  });

  it('retries a failing webhook with backoff until it answers: exactly one success', async () => {
    const { hook, post } = await subscribedPost('flaky', (before) => (before < 3 ? 500 : 200));
    await eventually(async () => expect((await readPost(post.id)).status).toBe('ready'));

    await eventually(() => expect(hook.calls.map((c) => c.status)).toEqual([500, 500, 500, 200]));
    expect(hook.successes()).toHaveLength(1);
    // Every attempt is the same delivery (receivers deduplicate on it)...
    expect(new Set(hook.calls.map((c) => c.headers['x-posts-delivery'])).size).toBe(1);
    // ...and each came after the backoff set with ChangeMessageVisibility (1 s here).
    for (let i = 1; i < hook.calls.length; i += 1) {
      expect((hook.calls[i]?.at ?? 0) - (hook.calls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    }
  });

  it('fails a poison message alone: the other 9 of its batch of 10 are processed', async () => {
    const author = newAuthor('poison');
    const at = new Date().toISOString();
    const jobs = Array.from({ length: 9 }, () => {
      const id = randomUUID();
      return {
        kind: 'analytics',
        job_id: `analytics:${id}`,
        enqueued_at: at,
        post: {
          id,
          author_id: author,
          content: 'counted',
          post_type: 'news',
          tags: [],
          status: 'processing',
          created_at: at,
          updated_at: at,
        },
      };
    });
    // The posts exist (a job of a deleted post counts nothing), without jobs of their own.
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.dynamodbEndpoint,
        region: localRegion,
        credentials: localCredentials,
      }),
    );
    for (const job of jobs) {
      await db.send(
        new PutCommand({
          TableName: cloud.tableName,
          Item: { pk: `POST#${job.post.id}`, sk: 'POST', ...job.post },
        }),
      );
    }
    const { analytics } = cloud.sqs.queues;
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: analytics.url,
        Entries: [
          ...jobs.slice(0, 4).map((job, i) => ({ Id: `ok${i}`, MessageBody: JSON.stringify(job) })),
          { Id: 'poison', MessageBody: '{"kind": "analytics", "job_id": ' },
          ...jobs
            .slice(4)
            .map((job, i) => ({ Id: `ok${i + 4}`, MessageBody: JSON.stringify(job) })),
        ],
      }),
    );
    const ids = (sent.Successful ?? []).map((s) => s.MessageId ?? '');
    expect(ids).toHaveLength(10);

    await eventually(async () => expect((await statsOf(author)).totals.posts).toBe(9));
    // One invocation had all ten, and reported the poison alone as failed.
    await eventually(() => {
      const batch = cloud.eventSources
        .get('analytics')
        ?.batches.find((b) => ids.every((id) => b.messageIds.includes(id)));
      expect(batch).toMatchObject({ outcome: 'partial', failed: 1 });
    });
    await eventually(() =>
      expect(cloud.sqs.store.stats(analytics.deadLetter.name)?.visible).toBe(1),
    );
    expect((await statsOf(author)).totals.posts).toBe(9);
  });

  it('keeps a post whose job could not be queued, and a retry with its Idempotency-Key completes it', async () => {
    const author = newAuthor('unqueued');
    const key = randomUUID();
    const { notifications } = cloud.sqs.queues;
    // Recreated below at once, which SQS's DeleteQueue would not allow for 60 s.
    cloud.sqs.store.deleteQueue(notifications.name, { holdName: false });
    let post: Awaited<ReturnType<typeof createPost>>;
    try {
      post = await createPost(author, { 'idempotency-key': key });
      await eventually(async () =>
        expect((await readPost(post.id)).jobs).toEqual({
          analytics: 'done',
          notifications: 'pending',
          image: 'done',
        }),
      );
    } finally {
      ensureJobQueues(cloud.sqs.store, cloud.sqs.url, queueOverrides);
    }
    expect((await readPost(post.id)).status).toBe('processing');

    const retry = await createPost(author, { 'idempotency-key': key });
    expect(retry.id).toBe(post.id);
    await eventually(async () => expect((await readPost(post.id)).status).toBe('ready'));
  });
});
