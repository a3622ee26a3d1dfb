import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/local-cloud';
import { eventually } from '../support/eventually';
import { verifySignature } from '../../functions/domain/webhook-signature';
import { apiClient } from '../support/http-client';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { workersCloud } from '../support/shared-clouds';

/**
 * POST /analyze and GET /jobs/{id} on the local cloud, the worker in its own pool: the
 * shared one (`workersCloud`), its users ('analyst', `hooks-…`) this file's own.
 */
let cloud: LocalCloud;
const api = apiClient(
  () => cloud.url,
  (user) => cloud.issuer.token(user),
);

beforeAll(async () => {
  cloud = await workersCloud();
});

/** About 50,000 characters of plain English with a few hashtags. */
function longText(chars: number): string {
  const sentences = [
    'Serverless teams ship small functions that scale on demand.',
    'A queue takes the heavy work off the request path, so every answer stays fast.',
    'We love how simple the deployment is, and the bills are pleasantly small. #serverless',
    'Readers skim long pages, so short sentences and plain words help them a great deal.',
    'The worker analyses each text once, even when a message arrives twice. #aws #lambda',
  ];
  let text = '';
  for (let i = 0; text.length < chars; i += 1) {
    text += `${sentences[i % sentences.length]}${i % 7 === 6 ? '\n\n' : ' '}`;
  }
  return text.slice(0, chars);
}

describe('text analysis jobs', () => {
  it('answers 202 before the work is done for 50,000 characters, then the job succeeds with every result field', async () => {
    const text = longText(50_000);
    const started = performance.now();
    const queued = await api.as('analyst').post('/analyze', { text });
    const answeredAt = Date.now();
    console.info(
      `POST /analyze (50,000 characters) answered in ${Math.round(performance.now() - started)} ms`,
    );
    expect(queued.status).toBe(202);
    const jobId = queued.json?.job_id as string;
    expect(queued.json).toEqual({ job_id: jobId, status: 'queued' });
    expect(queued.headers.get('location')).toBe(`/jobs/${jobId}`);

    const done = await eventually(async () => {
      const job = await api.as('analyst').get(`/jobs/${jobId}`);
      expect(job.status).toBe(200);
      expect(job.json?.status).toBe('succeeded');
      return job.json ?? {};
    });
    // The answer did not wait for the work: the job finished after the 202 was in hand.
    expect(Date.parse(String(done.finished_at))).toBeGreaterThan(answeredAt);
    expect(done).toMatchObject({ job_id: jobId, kind: 'textAnalysis' });
    const result = done.result as Record<string, unknown>;
    expect(result).toMatchObject({
      language: 'en',
      characters: 50_000,
      words: expect.any(Number),
      sentences: expect.any(Number),
      paragraphs: expect.any(Number),
      average_words_per_sentence: expect.any(Number),
      reading_time_seconds: expect.any(Number),
      flesch_reading_ease: expect.any(Number),
      sentiment: { score: expect.any(Number), label: 'positive' },
    });
    expect(result.words).toBeGreaterThan(7_000);
    expect(result.sentences).toBeGreaterThan(500);
    expect(result.reading_time_seconds).toBeGreaterThan(1_800);
    expect((result.keywords as unknown[]).length).toBe(10);
    expect(result.hashtags).toHaveLength(3);
    expect(result.hashtags).toEqual(
      expect.arrayContaining(
        ['#serverless', '#aws', '#lambda'].map((tag) => ({ tag, count: expect.any(Number) })),
      ),
    );
  });

  it('takes exactly 100,000 characters and refuses one more', async () => {
    const atLimit = await api.as('analyst').post('/analyze', { text: 'a'.repeat(100_000) });
    expect(atLimit.status).toBe(202);
    const over = await api.as('analyst').post('/analyze', { text: 'a'.repeat(100_001) });
    expect(over.status).toBe(400);
    expect(over.json?.errors).toEqual([
      expect.objectContaining({ field: 'text', message: 'at most 100000 characters' }),
    ]);
    // Characters, not UTF-16 units: 100,000 emoji are 100,000 characters.
    expect((await api.as('analyst').post('/analyze', { text: '👍'.repeat(100_000) })).status).toBe(
      202,
    );
  });

  // The job shares the worker with the 50,000- and 100,000-character analyses the other
  // tests queue (CPU-bound, tens of seconds behind each other at load 10 on 2 cores), and may
  // wait behind them: how long is not what this test is about, so it waits up to 90 s.
  it('analyses a text holding characters SQS refuses in a body', { timeout: 90_000 }, async () => {
    const queued = await api
      .as('analyst')
      .post('/analyze', { text: 'Odd \uFFFF and \u0000 and \uFFFE here.' });
    expect(queued.status).toBe(202);
    const job = await eventually(
      async () => {
        const current = await api.as('analyst').get(`/jobs/${String(queued.json?.job_id)}`);
        expect(current.json?.status).toBe('succeeded');
        return current.json ?? {};
      },
      { timeoutMs: 85_000 },
    );
    expect(job.result).toMatchObject({ words: 4 });
  });

  it('answers bad requests with a 4xx problem, and unknown jobs with 404', async () => {
    for (const [body, status] of [
      [{ text: '' }, 400],
      [{}, 400],
      [{ text: 42 }, 400],
      [{ text: 'hi', lang: 'en' }, 400],
      ['{"text": ', 400],
      [{ text: 'x'.repeat(1_400_000) }, 413],
    ] as const) {
      const answer = await api.as('analyst').post('/analyze', body);
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await api.as('analyst').get('/jobs/not-a-job')).status).toBe(400);
    expect((await api.as('analyst').get(`/jobs/${randomUUID()}`)).status).toBe(404);
    // A job is its creator's: another user gets 403, no token 401.
    const mine = await api.as('analyst').post('/analyze', { text: 'Mine alone.' });
    const path = `/jobs/${String(mine.json?.job_id)}`;
    expect((await api.as('mallory').get(path)).status).toBe(403);
    expect((await api.get(path)).status).toBe(401);
    // Post follow-up jobs are not text jobs: their ids are not even job ids here.
    expect((await api.as('analyst').get(`/jobs/analytics:${randomUUID()}`)).status).toBe(400);
  });
});

describe('webhook registration', () => {
  // Each test its own author: what one registers never shows in another's list.
  let author = '';
  let receiver: WebhookReceiver;
  beforeEach(() => {
    author = `hooks-${randomUUID().slice(0, 8)}`;
  });
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it('registers, lists without secrets, and deletes', async () => {
    const created = await api.as(author).post('/webhooks', {
      author_id: author,
      url: receiver.url,
      events: ['post.created', 'post.created'],
    });
    expect(created.status).toBe(201);
    const id = created.json?.id as string;
    expect(created.headers.get('location')).toBe(`/webhooks/${id}`);
    expect(created.json).toMatchObject({
      author_id: author,
      url: receiver.url,
      events: ['post.created'],
      secret: expect.stringMatching(/^whsec_/),
    });

    const listed = await api.as(author).get('/webhooks');
    expect(listed.json?.items).toEqual([
      {
        id,
        author_id: author,
        url: receiver.url,
        events: ['post.created'],
        created_at: expect.any(String),
        state: 'active',
        consecutive_failures: 0,
      },
    ]);

    expect((await api.as(author).delete(`/webhooks/${id}`)).status).toBe(204);
    expect((await api.as(author).delete(`/webhooks/${id}`)).status).toBe(404);
    expect((await api.as(author).get('/webhooks')).json?.items).toEqual([]);
  });

  it('refuses URLs that are not https (except to this machine) or internal, and bad events', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://10.0.0.8/x',
      'https://169.254.169.254/latest',
      'https://192.0.2.1/x',
      'https://[::ffff:a9fe:a9fe]/x',
      'https://[64:ff9b::a9fe:a9fe]/x',
      'https://[2002:a9fe:a9fe::1]/x',
      'https://[fec0::1]/x',
      'https://user:pw@hooks.example.com/',
      'nope',
    ]) {
      const answer = await api.as(author).post('/webhooks', {
        author_id: author,
        url,
        events: ['post.created'],
      });
      expect(answer.status, url).toBe(400);
      expect(answer.json?.errors).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    const badEvent = await api.as(author).post('/webhooks', {
      author_id: author,
      url: 'https://hooks.example.com/',
      events: ['post.deleted'],
    });
    expect(badEvent.status).toBe(400);
    // Without a token there is no one to list for.
    expect((await api.get('/webhooks')).status).toBe(401);
    expect((await api.as(author).delete('/webhooks/not-a-uuid')).status).toBe(400);
    // Someone else's webhook: 403, and it stays.
    const theirs = await api.as(author).post('/webhooks', {
      url: `${receiver.url}/theirs`,
      events: ['post.created'],
    });
    expect((await api.as('mallory').delete(`/webhooks/${String(theirs.json?.id)}`)).status).toBe(
      403,
    );
    expect((await api.as(author).get('/webhooks')).json?.items).toContainEqual(
      expect.objectContaining({ id: theirs.json?.id }),
    );
  });

  it('registers only once the receiver echoes the signed challenge', async () => {
    const before = receiver.challenges.length;
    const created = await api.as(author).post('/webhooks', {
      url: `${receiver.url}/proved`,
      events: ['post.created'],
    });
    expect(created.status).toBe(201);
    const challenge = receiver.challenges[before];
    expect(challenge?.headers['x-posts-event']).toBe('webhook.challenge');
    expect(
      verifySignature(
        String(created.json?.secret),
        String(challenge?.headers['x-posts-signature']),
        challenge?.body ?? '',
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);

    const silent = await startWebhookReceiver();
    silent.echoChallenges = false;
    try {
      const refused = await api.as(author).post('/webhooks', {
        url: silent.url,
        events: ['post.created'],
      });
      expect(refused.status).toBe(400);
      expect(refused.json?.errors).toEqual([expect.objectContaining({ field: 'url' })]);
      expect(silent.challenges).toHaveLength(1);
      const listed = (await api.as(author).get('/webhooks')).json?.items as { url: string }[];
      expect(listed.map((w) => w.url)).not.toContain(silent.url);
    } finally {
      await silent.close();
    }
  });

  it('allows ten webhooks per author', async () => {
    const busy = `many-${randomUUID().slice(0, 8)}`;
    const register = () =>
      api.as(busy).post('/webhooks', {
        author_id: busy,
        url: receiver.url,
        events: ['post.created'],
      });
    // This is about the limit, not the throttle: the route's bucket (burst 40 in routes.ts,
    // refilled at 10 a second) holds these eleven and the file's other registrations at once.
    for (let i = 0; i < 10; i += 1) {
      expect((await register()).status).toBe(201);
    }
    expect((await register()).status).toBe(400);
  });
});
