import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { RetryingClient } from './retrying-client';

export interface ChaosUser {
  readonly name: string;
  readonly token: string;
  readonly webhookId: string;
}

export interface AcceptedPost {
  readonly id: string;
  readonly author: string;
}

export interface AcceptedJob {
  readonly id: string;
  readonly token: string;
}

/** What the traffic was promised (201/202) and what it tried, for the audit. */
export interface TrafficLedger {
  readonly posts: AcceptedPost[];
  readonly jobs: AcceptedJob[];
  /** Uploads S3 answered 2xx: their media must leave `pending`. */
  readonly uploads: { readonly postId: string; readonly mediaId: string }[];
  /** Creates that were never answered 201, however long the client retried. */
  createsGivenUp: number;
  /** Reads of a post or job answered 201/202 that found nothing (404). */
  readonly missingOnRead: string[];
  operations: number;
}

const postTypes = ['educational', 'promotional', 'personal', 'news', 'announcement'] as const;
const words = ['serverless', 'queue', 'retry', 'lambda', 'table', 'cache', 'fault', 'proxy'];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function sentence(): string {
  return Array.from({ length: 6 + Math.floor(Math.random() * 10) }, () => pick(words)).join(' ');
}

/** The operations a client sends: each one request (with its retries) as a user would. */
export type TrafficOp = 'create' | 'readPost' | 'readJob' | 'analyze' | 'upload' | 'partner';

export interface Traffic {
  /** Resolves once every steady loop ended (`until` said so and its request was answered). */
  readonly done: Promise<void>;
  /** One operation by a random user, outside the steady loops (probes, bursts). */
  send(op: TrafficOp): Promise<void>;
}

/**
 * Steady traffic from several users, as real clients send it: creates with an
 * Idempotency-Key kept across retries, reads of posts and jobs, analyses, uploads through
 * the presigned POST, partner reads. `loops` loops each send one request, then pause.
 */
export async function startTraffic(options: {
  readonly client: RetryingClient;
  readonly users: readonly ChaosUser[];
  readonly ledger: TrafficLedger;
  readonly loops: number;
  readonly pauseMs: number;
  readonly until: () => boolean;
}): Promise<Traffic> {
  const { client, users, ledger } = options;
  const png = await sharp({
    create: { width: 64, height: 48, channels: 3, background: { r: 30, g: 120, b: 200 } },
  })
    .png()
    .toBuffer();

  const create = async (user: ChaosUser): Promise<void> => {
    const key = randomUUID();
    const created = await client.send<{ id?: string }>({
      op: 'POST /posts',
      method: 'POST',
      path: '/posts',
      token: user.token,
      headers: { 'idempotency-key': key },
      body: { content: sentence(), post_type: pick(postTypes), tags: ['chaos'] },
    });
    if (created.status === 201 && created.body?.id) {
      ledger.posts.push({ id: created.body.id, author: user.name });
    } else ledger.createsGivenUp += 1;
  };

  const readPost = async (): Promise<void> => {
    const post = ledger.posts.length ? pick(ledger.posts) : undefined;
    if (!post) return;
    const read = await client.send({
      op: 'GET /posts/{id}',
      method: 'GET',
      path: `/posts/${post.id}`,
    });
    if (read.status === 404) ledger.missingOnRead.push(`post ${post.id}`);
  };

  const readJob = async (): Promise<void> => {
    const job = ledger.jobs.length ? pick(ledger.jobs) : undefined;
    if (!job) return;
    const read = await client.send({
      op: 'GET /jobs/{id}',
      method: 'GET',
      path: `/jobs/${job.id}`,
      token: job.token,
    });
    if (read.status === 404) ledger.missingOnRead.push(`job ${job.id}`);
  };

  const analyze = async (user: ChaosUser): Promise<void> => {
    const accepted = await client.send<{ job_id?: string }>({
      op: 'POST /analyze',
      method: 'POST',
      path: '/analyze',
      token: user.token,
      body: { text: `${sentence()}. ${sentence()}! #chaos` },
    });
    if (accepted.status === 202 && accepted.body?.job_id) {
      ledger.jobs.push({ id: accepted.body.job_id, token: user.token });
    }
  };

  const upload = async (user: ChaosUser): Promise<void> => {
    const own = ledger.posts.filter((p) => p.author === user.name);
    const post = own.length ? pick(own) : undefined;
    if (!post || ledger.uploads.some((u) => u.postId === post.id)) return;
    const requested = await client.send<{
      id?: string;
      upload?: { url: string; fields: Record<string, string> };
    }>({
      op: 'POST /posts/{id}/media',
      method: 'POST',
      path: `/posts/${post.id}/media`,
      token: user.token,
      body: { content_type: 'image/png', size: png.length },
    });
    const { id, upload: form } = requested.body ?? {};
    if (requested.status !== 201 || !id || !form) return;
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'chaos.png');
    const sentAt = Date.now();
    const sent = await fetch(form.url, { method: 'POST', body: data }).catch(() => undefined);
    client.answers.push({
      op: 'S3 presigned POST',
      at: sentAt,
      doneAt: Date.now(),
      status: sent?.status ?? 0,
      retryAfter: false,
    });
    if (sent && sent.status >= 200 && sent.status < 300) {
      ledger.uploads.push({ postId: post.id, mediaId: id });
    }
  };

  const partner = async (): Promise<void> => {
    await client.send({ op: 'GET /external-data', method: 'GET', path: '/external-data' });
  };

  const operations: Record<TrafficOp, (user: ChaosUser) => Promise<void>> = {
    create,
    readPost,
    readJob,
    analyze,
    upload,
    partner,
  };
  const send = async (op: TrafficOp): Promise<void> => {
    await operations[op](pick(users));
    ledger.operations += 1;
  };

  const step = (): Promise<void> => {
    const roll = Math.random();
    if (roll < 0.35) return send('create');
    if (roll < 0.55) return send('readPost');
    if (roll < 0.65) return send('readJob');
    if (roll < 0.77) return send('analyze');
    if (roll < 0.87) return send('upload');
    return send('partner');
  };

  const done = Promise.all(
    Array.from({ length: options.loops }, async () => {
      while (!options.until()) {
        await step();
        await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    }),
  ).then(() => undefined);
  return { done, send };
}
