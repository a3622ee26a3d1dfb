import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FollowUpLedger } from '../../functions/domain/follow-ups';
import type { PostJob } from '../../functions/domain/job';
import { RetryLater } from '../../functions/domain/job-errors';
import type { JobLedger, JobRecord, Lease } from '../../functions/domain/job-ledger';
import {
  notifySubscribers,
  type DeliveryLedger,
  type NotifyDeps,
  type WebhookSender,
} from '../../functions/domain/notify-subscribers';
import type { StoredWebhook, WebhookRepository } from '../../functions/domain/webhook';
import { verifySignature } from '../../functions/domain/webhook-signature';

/** In-memory stand-ins for the ports: the domain's rules, without DynamoDB or HTTP. */
function world(hooks: StoredWebhook[], answer: (url: string, attempt: number) => number) {
  const records = new Map<string, JobRecord & { token?: string }>();
  const delivered = new Map<string, Set<string>>();
  const calls: { url: string; body: string; headers: Record<string, string> }[] = [];
  let postExists = true;
  const done: string[] = [];

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
  const deliveries: DeliveryLedger = {
    delivered: (jobId) => Promise.resolve(new Set(delivered.get(jobId))),
    record(jobId, webhookId) {
      delivered.set(jobId, new Set([...(delivered.get(jobId) ?? []), webhookId]));
      return Promise.resolve();
    },
  };
  const attempts = new Map<string, number>();
  const sender: WebhookSender = {
    post(url, body, headers) {
      calls.push({ url, body, headers: { ...headers } });
      const attempt = (attempts.get(url) ?? 0) + 1;
      attempts.set(url, attempt);
      const status = answer(url, attempt);
      return Promise.resolve(
        status < 300 ? { ok: true, status } : { ok: false, status, error: `answered ${status}` },
      );
    },
  };
  const webhooks: WebhookRepository = {
    create: () => Promise.resolve('created' as const),
    listByAuthor: (author) => Promise.resolve(hooks.filter((h) => h.author_id === author)),
    delete: () => Promise.resolve('deleted' as const),
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
  const deps: NotifyDeps = {
    webhooks,
    deliveries,
    sender,
    ledger,
    followUps,
    policy: { allowLoopback: false },
    leaseSeconds: 30,
    now: () => new Date('2026-05-01T12:00:00Z'),
  };
  return { deps, calls, done, deletePost: () => (postExists = false) };
}

const hook = (url: string, author = 'ana'): StoredWebhook => ({
  id: randomUUID(),
  author_id: author,
  url,
  events: ['post.created'],
  created_at: '2026-05-01T00:00:00Z',
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

describe('notifySubscribers', () => {
  it("signs one callback per subscribed webhook of the author, and marks the post's job done", async () => {
    const a = hook('https://a.example/hook');
    const other = hook('https://b.example/hook', 'someone-else');
    const { deps, calls, done } = world([a, other], () => 200);
    const j = job();
    expect(await notifySubscribers(deps, j)).toMatchObject({ delivered: 1, duplicate: false });
    expect(calls.map((c) => c.url)).toEqual([a.url]);
    const [call] = calls;
    const signature = call?.headers['x-posts-signature'] ?? '';
    expect(verifySignature(a.secret, signature, call?.body ?? '', 1_777_636_800)).toBe(true);
    expect(done).toEqual([`${j.post.id}/notifications`]);
  });

  it('never calls a webhook whose receiver did not echo the ownership challenge', async () => {
    const unproved: StoredWebhook = {
      ...hook('https://unproved.example/hook'),
      verified_at: undefined,
    };
    const proved = hook('https://proved.example/hook');
    const { deps, calls } = world([unproved, proved], () => 200);
    expect(await notifySubscribers(deps, job())).toMatchObject({ delivered: 1, refused: 1 });
    expect(calls.map((c) => c.url)).toEqual([proved.url]);
  });

  it('retries only the receivers that failed, and never calls one twice', async () => {
    const up = hook('https://up.example/');
    const flaky = hook('https://flaky.example/');
    const { deps, calls } = world([up, flaky], (url, attempt) =>
      url === flaky.url && attempt < 3 ? 500 : 204,
    );
    const j = job();
    await expect(notifySubscribers(deps, j)).rejects.toBeInstanceOf(RetryLater);
    await expect(notifySubscribers(deps, j)).rejects.toBeInstanceOf(RetryLater);
    expect(await notifySubscribers(deps, j)).toMatchObject({ delivered: 1, already: 1 });
    expect(calls.filter((c) => c.url === up.url)).toHaveLength(1);
    expect(calls.filter((c) => c.url === flaky.url)).toHaveLength(3);
    // A redelivery of the finished job calls nobody.
    expect(await notifySubscribers(deps, j)).toMatchObject({ duplicate: true });
    expect(calls).toHaveLength(4);
  });

  it('skips a URL the policy no longer allows, without retrying it', async () => {
    const local = hook('http://127.0.0.1:8080/hook');
    const { deps, calls } = world([local], () => 200);
    expect(await notifySubscribers(deps, job())).toMatchObject({ refused: 1, delivered: 0 });
    expect(calls).toEqual([]);
  });

  it('does not announce a post deleted before its callbacks went out', async () => {
    const { deps, calls, deletePost } = world([hook('https://a.example/')], () => 200);
    deletePost();
    expect(await notifySubscribers(deps, job())).toMatchObject({ postDeleted: true });
    expect(calls).toEqual([]);
  });
});
