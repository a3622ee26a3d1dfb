import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deliverWebhook, type DeliverDeps } from '../../functions/domain/deliver-webhook';
import type { FollowUpLedger } from '../../functions/domain/follow-ups';
import type { PostJob, WebhookDeliveryJob } from '../../functions/domain/job';
import { RetryLater } from '../../functions/domain/job-errors';
import type { JobLedger, JobRecord, Lease } from '../../functions/domain/job-ledger';
import {
  notifySubscribers,
  type NotifyDeps,
  type WebhookSender,
} from '../../functions/domain/notify-subscribers';
import type { StoredWebhook, WebhookHealth } from '../../functions/domain/webhook';
import type { DeliveryRepository, WebhookDelivery } from '../../functions/domain/webhook-delivery';
import { verifySignature } from '../../functions/domain/webhook-signature';

/** In-memory stand-ins for the ports: the domain's rules, without DynamoDB, SQS or HTTP. */
function world(hooks: StoredWebhook[], answer: (url: string, attempt: number) => number) {
  const records = new Map<string, JobRecord & { token?: string }>();
  const stored = new Map<string, WebhookDelivery & { token?: string }>();
  const queued: WebhookDeliveryJob[] = [];
  const calls: { url: string; body: string; headers: Record<string, string> }[] = [];
  let postExists = true;
  const done: string[] = [];
  let clock = Date.parse('2026-05-01T12:00:00Z');
  const now = () => new Date(clock);

  const ledger: JobLedger = {
    create: () => Promise.resolve(true),
    discard: () => Promise.resolve(),
    abandon: () => Promise.resolve(),
    begin(jobId, kind): Promise<Lease> {
      const record = records.get(jobId);
      if (record?.status === 'succeeded') return Promise.resolve({ state: 'finished', record });
      if (record?.status === 'running')
        return Promise.resolve({ state: 'busy', retryInSeconds: 5 });
      const token = randomUUID();
      const running = { job_id: jobId, kind, status: 'running' as const, created_at: '', token };
      records.set(jobId, running);
      return Promise.resolve({ state: 'acquired', token, record: running });
    },
    succeed(jobId, token) {
      const record = records.get(jobId);
      if (record?.token === token) records.set(jobId, { ...record, status: 'succeeded' });
      return Promise.resolve();
    },
    fail: () => Promise.resolve(),
    release(jobId, token) {
      const record = records.get(jobId);
      if (record?.token === token) records.set(jobId, { ...record, status: 'queued' });
      return Promise.resolve();
    },
    get: (jobId) => Promise.resolve(records.get(jobId)),
  };
  const deliveries: DeliveryRepository = {
    open({ ref, event, at, refused }) {
      const existing = stored.get(ref.deliveryId);
      if (existing) return Promise.resolve(existing);
      const opened: WebhookDelivery = {
        id: ref.deliveryId,
        webhook_id: ref.webhookId,
        event,
        post_id: ref.postId,
        state: refused ? 'failed' : 'pending',
        attempts: 0,
        created_at: at.toISOString(),
        updated_at: at.toISOString(),
        ...(refused ? { last_error: refused } : {}),
      };
      stored.set(ref.deliveryId, opened);
      return Promise.resolve(opened);
    },
    begin(ref) {
      const delivery = stored.get(ref.deliveryId);
      if (!delivery) return Promise.resolve({ state: 'missing' as const });
      if (delivery.state !== 'pending')
        return Promise.resolve({ state: 'finished' as const, delivery });
      if (delivery.token) return Promise.resolve({ state: 'busy' as const, retryInSeconds: 5 });
      const token = randomUUID();
      const attempts = delivery.attempts + 1;
      stored.set(ref.deliveryId, { ...delivery, attempts, token });
      return Promise.resolve({ state: 'acquired' as const, token, attempts });
    },
    settle(ref, token, attempt) {
      const delivery = stored.get(ref.deliveryId);
      if (delivery?.token !== token) return Promise.resolve(false);
      stored.set(ref.deliveryId, {
        ...delivery,
        token: undefined,
        state: attempt.state,
        ...(attempt.status !== undefined ? { last_status: attempt.status } : {}),
        ...(attempt.error !== undefined ? { last_error: attempt.error } : {}),
        ...(attempt.nextAttemptAt ? { next_attempt_at: attempt.nextAttemptAt.toISOString() } : {}),
      });
      return Promise.resolve(true);
    },
    abandon: () => Promise.resolve(),
    list: () => Promise.resolve({ items: [...stored.values()] }),
  };
  const attemptsByUrl = new Map<string, number>();
  const sender: WebhookSender = {
    post(url, body, headers) {
      calls.push({ url, body, headers: { ...headers } });
      const attempt = (attemptsByUrl.get(url) ?? 0) + 1;
      attemptsByUrl.set(url, attempt);
      const status = answer(url, attempt);
      return Promise.resolve(
        status < 300 ? { ok: true, status } : { ok: false, status, error: `answered ${status}` },
      );
    },
  };
  const byId = new Map(hooks.map((h) => [h.id, { ...h }]));
  const health: WebhookHealth = {
    deliverySucceeded(id) {
      const h = byId.get(id);
      if (h && h.state !== 'disabled')
        byId.set(id, { ...h, state: 'active', consecutive_failures: 0 });
      return Promise.resolve();
    },
    attemptFailed(id) {
      const h = byId.get(id);
      if (h && h.state !== 'disabled') byId.set(id, { ...h, state: 'failing' });
      return Promise.resolve();
    },
    deliveryFailed(id, _at, disableAfter, reason) {
      const h = byId.get(id);
      if (!h || h.state === 'disabled') return Promise.resolve(h?.state);
      const failures = h.consecutive_failures + 1;
      const state = failures >= disableAfter ? 'disabled' : 'failing';
      byId.set(id, {
        ...h,
        state,
        consecutive_failures: failures,
        ...(state === 'disabled' ? { disabled_reason: reason } : {}),
      });
      return Promise.resolve(state);
    },
    enable: () => Promise.resolve('enabled' as const),
  };
  const followUps: FollowUpLedger = {
    exists: () => Promise.resolve(postExists),
    isUnsent: () => Promise.resolve(false),
    markSent: () => Promise.resolve(),
    listUnsent: () => Promise.resolve([]),
    markFailed: () => Promise.resolve(),
    markDone(postId, kind) {
      done.push(`${postId}/${kind}`);
      return Promise.resolve('processing');
    },
  };
  const policy = { allowLoopback: false } as const;
  const notify: NotifyDeps = {
    webhooks: {
      listByAuthor: (author) =>
        Promise.resolve([...byId.values()].filter((h) => h.author_id === author)),
    },
    deliveries,
    queue: {
      send(job) {
        if (job.kind !== 'webhookDeliveries') throw new Error(`a ${job.kind} job`);
        queued.push(job);
        return Promise.resolve();
      },
    },
    ledger,
    followUps,
    policy,
    leaseSeconds: 30,
    now,
  };
  const deliver: DeliverDeps = {
    webhooks: { get: (id) => Promise.resolve(byId.get(id)), ...health },
    deliveries,
    sender,
    policy,
    leaseSeconds: 30,
    backoffSeconds: (attempts) => 10 * 2 ** (attempts - 1),
    maxAttempts: 4,
    disableAfter: 2,
    now,
  };
  /**
   * Runs every queued message as the queue would: a `RetryLater` brings the message back
   * after its delay (the clock moves on), anything else settles it. Answers the delays.
   */
  async function drain(): Promise<number[]> {
    const delays: number[] = [];
    while (queued.length > 0) {
      const message = queued.shift() as WebhookDeliveryJob;
      try {
        await deliverWebhook(deliver, message);
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        delays.push(error.delaySeconds ?? 0);
        clock += (error.delaySeconds ?? 0) * 1000;
        queued.push(message);
      }
    }
    return delays;
  }
  return {
    notify,
    deliver,
    drain,
    queued,
    calls,
    done,
    delivery: (id: string) => stored.get(id),
    webhook: (id: string) => byId.get(id),
    deletePost: () => (postExists = false),
    forgetJob: (jobId: string) => records.delete(jobId),
  };
}

const hook = (url: string, author = 'ana'): StoredWebhook => ({
  id: randomUUID(),
  author_id: author,
  url,
  events: ['post.created'],
  created_at: '2026-05-01T00:00:00Z',
  state: 'active',
  consecutive_failures: 0,
  secret: `whsec_${randomUUID()}`,
  verified_at: '2026-05-01T00:00:00Z',
});

function job(author = 'ana'): PostJob {
  const id = randomUUID();
  return {
    kind: 'notifications',
    job_id: `notifications:${id}`,
    enqueued_at: '2026-05-01T12:00:00Z',
    post: {
      id,
      author_id: author,
      content: 'hi',
      post_type: 'news',
      tags: [],
      status: 'processing',
      created_at: '2026-05-01T12:00:00Z',
      updated_at: '2026-05-01T12:00:00Z',
    },
  };
}

describe('notifySubscribers: the fan-out', () => {
  it("hands one delivery per subscribed webhook of the author to the queue, calls nobody, and marks the post's job done", async () => {
    const a = hook('https://a.example/hook');
    const b = hook('https://b.example/hook');
    const other = hook('https://c.example/hook', 'someone-else');
    const { notify, queued, calls, done, delivery } = world([a, b, other], () => 500);
    const j = job();
    expect(await notifySubscribers(notify, j)).toMatchObject({ queued: 2, duplicate: false });
    expect(calls).toEqual([]);
    expect(done).toEqual([`${j.post.id}/notifications`]);
    expect(queued.map((m) => m.webhook_id).sort()).toEqual([a.id, b.id].sort());
    expect(queued.map((m) => m.job_id).sort()).toEqual(
      [`${j.job_id}/${a.id}`, `${j.job_id}/${b.id}`].sort(),
    );
    expect(delivery(`${j.job_id}/${a.id}`)).toMatchObject({ state: 'pending', attempts: 0 });
  });

  it('queues nothing twice: a redelivered job is a duplicate, a job run again after a crash skips attempted deliveries', async () => {
    const a = hook('https://a.example/hook');
    const { notify, queued, drain, forgetJob } = world([a], () => 200);
    const j = job();
    await notifySubscribers(notify, j);
    expect(await notifySubscribers(notify, j)).toMatchObject({ duplicate: true });
    expect(queued).toHaveLength(1);
    await drain();
    // Its run crashed after queueing, before finishing the job: the next run queues nothing.
    forgetJob(j.job_id);
    expect(await notifySubscribers(notify, j)).toMatchObject({ queued: 0, already: 1 });
    expect(queued).toEqual([]);
  });

  it('refuses at once a webhook whose receiver did not echo the ownership challenge, or whose URL is no longer allowed', async () => {
    const unproved: StoredWebhook = {
      ...hook('https://unproved.example/hook'),
      verified_at: undefined,
    };
    const local = hook('http://127.0.0.1:8080/hook');
    const proved = hook('https://proved.example/hook');
    const { notify, queued, delivery } = world([unproved, local, proved], () => 200);
    const j = job();
    expect(await notifySubscribers(notify, j)).toMatchObject({ queued: 1, refused: 2 });
    expect(queued.map((m) => m.webhook_id)).toEqual([proved.id]);
    expect(delivery(`${j.job_id}/${unproved.id}`)).toMatchObject({
      state: 'failed',
      last_error: expect.stringContaining('ownership challenge'),
    });
    expect(delivery(`${j.job_id}/${local.id}`)?.state).toBe('failed');
  });

  it('gives a disabled webhook no delivery', async () => {
    const off: StoredWebhook = { ...hook('https://off.example/'), state: 'disabled' };
    const { notify, queued } = world([off], () => 200);
    expect(await notifySubscribers(notify, job())).toMatchObject({ queued: 0, disabled: 1 });
    expect(queued).toEqual([]);
  });

  it('does not announce a post deleted before its callbacks went out', async () => {
    const { notify, queued, deletePost } = world([hook('https://a.example/')], () => 200);
    deletePost();
    expect(await notifySubscribers(notify, job())).toMatchObject({ postDeleted: true });
    expect(queued).toEqual([]);
  });
});

describe('deliverWebhook: the attempts of one delivery', () => {
  it('signs the callback and sends the delivery id in its header and its body', async () => {
    const a = hook('https://a.example/hook');
    const { notify, drain, calls, delivery, webhook } = world([a], () => 204);
    const j = job();
    await notifySubscribers(notify, j);
    await drain();
    const [call] = calls;
    const id = `${j.job_id}/${a.id}`;
    expect(call?.headers['x-posts-delivery']).toBe(id);
    expect(JSON.parse(call?.body ?? '{}')).toMatchObject({ id, type: 'post.created' });
    const signature = call?.headers['x-posts-signature'] ?? '';
    expect(verifySignature(a.secret, signature, call?.body ?? '', 1_777_636_800)).toBe(true);
    expect(delivery(id)).toMatchObject({ state: 'succeeded', attempts: 1, last_status: 204 });
    expect(webhook(a.id)).toMatchObject({ state: 'active', consecutive_failures: 0 });
  });

  it('retries a failing receiver with backoff, the same delivery id and body each time, until it answers', async () => {
    const flaky = hook('https://flaky.example/');
    const { notify, drain, calls, delivery } = world([flaky], (_url, attempt) =>
      attempt < 3 ? 500 : 200,
    );
    const j = job();
    await notifySubscribers(notify, j);
    expect(await drain()).toEqual([10, 20]);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.headers['x-posts-delivery'])).size).toBe(1);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(delivery(`${j.job_id}/${flaky.id}`)).toMatchObject({
      state: 'succeeded',
      attempts: 3,
      last_status: 200,
    });
  });

  it('records a delivery that used up its attempts as failed, without throwing (no DLQ), and the webhook as failing', async () => {
    const down = hook('https://down.example/');
    const { notify, drain, calls, delivery, webhook } = world([down], () => 500);
    const j = job();
    await notifySubscribers(notify, j);
    // 4 attempts: 3 waits, then settled.
    expect(await drain()).toEqual([10, 20, 40]);
    expect(calls).toHaveLength(4);
    expect(delivery(`${j.job_id}/${down.id}`)).toMatchObject({
      state: 'failed',
      attempts: 4,
      last_status: 500,
      last_error: 'answered 500 (attempt 4 of 4)',
    });
    expect(webhook(down.id)).toMatchObject({ state: 'failing', consecutive_failures: 1 });
  });

  it('disables a webhook after failed deliveries in a row: its next posts get no delivery', async () => {
    const down = hook('https://down.example/');
    const { notify, drain, queued, calls, webhook } = world([down], () => 500);
    await notifySubscribers(notify, job());
    await notifySubscribers(notify, job());
    await drain();
    expect(webhook(down.id)).toMatchObject({
      state: 'disabled',
      consecutive_failures: 2,
      disabled_reason: expect.stringContaining('answered 500'),
    });
    const before = calls.length;
    expect(await notifySubscribers(notify, job())).toMatchObject({ disabled: 1, queued: 0 });
    expect(queued).toEqual([]);
    expect(calls).toHaveLength(before);
  });

  it('settles a delivery whose webhook was disabled or deleted meanwhile, calling nobody', async () => {
    const a = hook('https://a.example/');
    const { notify, deliver, queued, calls, delivery } = world([a], () => 200);
    const j = job();
    await notifySubscribers(notify, j);
    const message = queued[0] as WebhookDeliveryJob;
    const gone = {
      ...deliver,
      webhooks: { ...deliver.webhooks, get: () => Promise.resolve(undefined) },
    };
    expect(await deliverWebhook(gone, message)).toMatchObject({
      outcome: 'failed',
      reason: 'the webhook was deleted',
    });
    expect(calls).toEqual([]);
    expect(delivery(message.job_id)?.state).toBe('failed');
    // A copy of the message delivered again finds it settled.
    expect(await deliverWebhook(deliver, message)).toEqual({ outcome: 'duplicate' });
  });
});
