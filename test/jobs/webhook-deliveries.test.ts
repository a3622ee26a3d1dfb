import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../functions/domain/webhook-signature';
import { jobs } from '../../lib/description';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { eventually } from '../support/eventually';
import { apiClient } from '../support/http-client';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { workersAtNormalPriority } from '../support/workers-at-normal-priority';

/**
 * Webhook deliveries end to end on the local cloud, with real receivers on loopback: a post
 * never waits for its author's receiver, and what the receiver answered is its owner's to read.
 */
const { maxAttempts, disableAfterFailedDeliveries } = jobs.webhooks;
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
    // One second between attempts, so a delivery uses up its attempts in seconds.
    queues: { webhookDeliveries: { retryBackoff: { baseSeconds: 1, maxSeconds: 1 } } },
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

async function receiver(answer: (callsBefore: number) => number): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(answer);
  receivers.push(started);
  return started;
}

const newAuthor = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;

async function subscribe(author: string, url: string): Promise<{ id: string; secret: string }> {
  const created = await api.as(author).post('/webhooks', { url, events: ['post.created'] });
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ state: 'active', consecutive_failures: 0 });
  return created.json as { id: string; secret: string };
}

async function createPost(author: string): Promise<string> {
  const created = await api
    .as(author)
    .post('/posts', { content: 'Told to a receiver', post_type: 'news' });
  expect(created.status).toBe(201);
  return (created.json as { id: string }).id;
}

const statusOf = async (id: string) => (await api.get(`/posts/${id}`)).json?.status;

interface Delivery {
  id: string;
  post_id: string;
  state: string;
  attempts: number;
  last_status?: number;
  last_error?: string;
}
async function deliveriesOf(author: string, webhookId: string): Promise<Delivery[]> {
  const page = await api.as(author).get(`/webhooks/${webhookId}/deliveries?limit=100`);
  expect(page.status).toBe(200);
  return (page.json?.items ?? []) as Delivery[];
}
async function webhookOf(author: string, webhookId: string) {
  const list = await api.as(author).get('/webhooks');
  return ((list.json?.items ?? []) as Record<string, unknown>[]).find((w) => w.id === webhookId);
}

function deadLetters(): Record<string, number | undefined> {
  const { notifications, webhookDeliveries } = cloud.sqs.queues;
  return {
    notifications: cloud.sqs.store.stats(notifications.deadLetter.name)?.visible,
    webhookDeliveries: cloud.sqs.store.stats(webhookDeliveries.deadLetter.name)?.visible,
  };
}

describe('webhook deliveries', () => {
  // It counts the receiver's calls exactly (503, 503, 200), so it runs alone, first: beside
  // the two below it once did not finish within 90 s at a load average of 25.
  it('a receiver gets each delivery with the same delivery id, body and a valid signature on every retry, and once it answers 200, never again', async () => {
    const hook = await receiver((before) => (before < 2 ? 503 : 200));
    const author = newAuthor('flaky');
    const webhook = await subscribe(author, hook.url);
    const post = await createPost(author);

    await eventually(() => expect(hook.calls.map((c) => c.status)).toEqual([503, 503, 200]));
    const ids = hook.calls.map((c) => c.headers['x-posts-delivery']);
    expect(ids[0]).toBe(`notifications:${post}/${webhook.id}`);
    expect(new Set(ids).size).toBe(1);
    expect(new Set(hook.calls.map((c) => c.body)).size).toBe(1);
    expect(JSON.parse(hook.calls[0]?.body ?? '{}')).toMatchObject({ id: ids[0] });
    expect(hook.calls.map((c) => c.headers['x-posts-delivery-attempt'])).toEqual(['1', '2', '3']);
    for (const call of hook.calls) {
      const signature = String(call.headers['x-posts-signature']);
      expect(
        verifySignature(webhook.secret, signature, call.body, Math.floor(call.at / 1000)),
      ).toBe(true);
    }
    await eventually(async () =>
      expect(await deliveriesOf(author, webhook.id)).toMatchObject([
        { id: ids[0], state: 'succeeded', attempts: 3, last_status: 200 },
      ]),
    );
    // As for the failures above: the webhook's state is written after the delivery's.
    await eventually(async () =>
      expect(await webhookOf(author, webhook.id)).toMatchObject({
        state: 'active',
        consecutive_failures: 0,
      }),
    );

    // SQS delivers at least once: the same message again calls nobody.
    const postItem = (await api.get(`/posts/${post}`)).json ?? {};
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: cloud.sqs.queues.webhookDeliveries.url,
        MessageBody: JSON.stringify({
          kind: 'webhookDeliveries',
          job_id: ids[0],
          enqueued_at: new Date().toISOString(),
          webhook_id: webhook.id,
          event: 'post.created',
          post: {
            id: post,
            author_id: author,
            content: postItem.content,
            post_type: 'news',
            tags: [],
            status: 'processing',
            created_at: postItem.created_at,
            updated_at: postItem.created_at,
          },
        }),
      }),
    );
    await eventually(() =>
      expect(
        cloud.eventSources
          .get('webhookDeliveries')
          ?.batches.find((b) => b.messageIds.includes(sent.MessageId ?? ''))?.outcome,
      ).toBe('succeeded'),
    );
    expect(hook.calls).toHaveLength(3);
  });

  // The two receivers that keep failing wait on the queue's backoff side by side: each has
  // its own author, receiver and webhook and reads only those (and the DLQs stay empty).
  // Its waits (ready within 30 s, the attempts used up within 60 s) need more than the
  // default 30 s: `eventually` ends each at the test's timeout, which would cut them short.
  it(
    "a receiver that always answers 500: its owner's posts become ready within 30 s, the failures are the owner's to read, nothing is dead-lettered",
    { concurrent: true, timeout: 120_000 },
    async () => {
      const hook = await receiver(() => 500);
      const author = newAuthor('down');
      const webhook = await subscribe(author, hook.url);
      const started = Date.now();
      const posts = [await createPost(author), await createPost(author), await createPost(author)];

      await eventually(
        async () => {
          for (const id of posts) expect(await statusOf(id)).toBe('ready');
        },
        { timeoutMs: 30_000 },
      );
      expect(Date.now() - started).toBeLessThan(30_000);

      // Every delivery used up its attempts and reads `failed`, with what the receiver said.
      const deliveries = await eventually(
        async () => {
          const listed = await deliveriesOf(author, webhook.id);
          expect(listed.map((d) => d.state)).toEqual(['failed', 'failed', 'failed']);
          return listed;
        },
        { timeoutMs: 60_000 },
      );
      // Newest first.
      expect(deliveries.map((d) => d.post_id)).toEqual([...posts].reverse());
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({
          attempts: maxAttempts,
          last_status: 500,
          last_error: `answered 500 (attempt ${maxAttempts} of ${maxAttempts})`,
        });
      }
      // An attempt cut off at the worker's deadline (a loaded machine) counts without reaching
      // the receiver: never more calls than attempts.
      expect(hook.calls.length).toBeGreaterThanOrEqual(3);
      expect(hook.calls.length).toBeLessThanOrEqual(3 * maxAttempts);
      // The webhook's counter is written after the delivery reads `failed` (two writes, in that
      // order): the third delivery's count may land just after the listing above saw it.
      await eventually(async () =>
        expect(await webhookOf(author, webhook.id)).toMatchObject({
          state: 'failing',
          consecutive_failures: 3,
          last_delivery_at: expect.any(String),
        }),
      );
      expect(deadLetters()).toEqual({ notifications: 0, webhookDeliveries: 0 });

      // The owner's only.
      const other = await api.as(newAuthor('nosy')).get(`/webhooks/${webhook.id}/deliveries`);
      expect(other.status).toBe(403);
      expect((await api.as(author).get(`/webhooks/${randomUUID()}/deliveries`)).status).toBe(404);
      expect((await api.as(author).get('/webhooks/not-a-uuid/deliveries')).status).toBe(400);
      expect((await api.get(`/webhooks/${webhook.id}/deliveries`)).status).toBe(401);
    },
  );

  // Ten deliveries' attempts before the receiver is disabled took past 30 s at a load
  // average of 40: the wait for it (90 s) and those after need their own time.
  it(
    `a receiver failing ${disableAfterFailedDeliveries} deliveries in a row is disabled, gets nothing, and is enabled again by its owner through a new challenge`,
    { concurrent: true, timeout: 150_000 },
    async () => {
      let up = false;
      const hook = await receiver(() => (up ? 200 : 500));
      const author = newAuthor('dead');
      const webhook = await subscribe(author, hook.url);
      for (let i = 0; i < disableAfterFailedDeliveries; i += 1) await createPost(author);

      const disabled = await eventually(
        async () => {
          const listed = await webhookOf(author, webhook.id);
          expect(listed).toMatchObject({
            state: 'disabled',
            consecutive_failures: disableAfterFailedDeliveries,
          });
          return listed;
        },
        { timeoutMs: 90_000 },
      );
      expect(disabled?.disabled_reason).toContain('answered 500');
      const failed = await deliveriesOf(author, webhook.id);
      expect(failed).toHaveLength(disableAfterFailedDeliveries);
      for (const d of failed) expect(d).toMatchObject({ state: 'failed', attempts: maxAttempts });
      const calls = hook.calls.length;
      expect(calls).toBeLessThanOrEqual(disableAfterFailedDeliveries * maxAttempts);

      // Disabled: a new post is ready, and its receiver is not called, nor a delivery opened.
      const quiet = await createPost(author);
      await eventually(async () => expect(await statusOf(quiet)).toBe('ready'));
      // Ready means the fan-out is done, so no delivery can be opened any more; a call that
      // should never come announces nothing, so only a while without one (past the queue's 1 s
      // backoff, when a queued delivery would have been attempted) can show it did not come.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(hook.calls).toHaveLength(calls);
      expect(await deliveriesOf(author, webhook.id)).toHaveLength(disableAfterFailedDeliveries);

      // Only its owner enables it, and only a receiver that echoes the new challenge.
      const path = `/webhooks/${webhook.id}/enable`;
      expect((await api.as(newAuthor('nosy')).post(path, undefined)).status).toBe(403);
      hook.echoChallenges = false;
      const refused = await api.as(author).post(path, undefined);
      expect(refused.status).toBe(400);
      expect((await webhookOf(author, webhook.id))?.state).toBe('disabled');
      hook.echoChallenges = true;
      up = true;
      const challengesBefore = hook.challenges.length;
      const enabled = await api.as(author).post(path, undefined);
      expect(enabled.status).toBe(200);
      expect(enabled.json).toMatchObject({
        id: webhook.id,
        state: 'active',
        consecutive_failures: 0,
      });
      expect(enabled.json?.secret).toBeUndefined();
      expect(hook.challenges).toHaveLength(challengesBefore + 1);
      expect(
        verifySignature(
          webhook.secret,
          String(hook.challenges.at(-1)?.headers['x-posts-signature']),
          hook.challenges.at(-1)?.body ?? '',
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);

      const next = await createPost(author);
      await eventually(async () => {
        const [newest] = await deliveriesOf(author, webhook.id);
        expect(newest).toMatchObject({ post_id: next, state: 'succeeded', attempts: 1 });
      });
      expect(await webhookOf(author, webhook.id)).toMatchObject({
        state: 'active',
        consecutive_failures: 0,
      });
      expect(deadLetters()).toEqual({ notifications: 0, webhookDeliveries: 0 });
    },
  );
});
