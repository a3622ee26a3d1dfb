import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lib/description';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { apiClient } from '../support/http-client';

/** Per-user limits and the headers of every answer, over HTTP against the local cloud. */
let cloud: LocalCloud;
const api = apiClient(
  () => cloud.url,
  (user) => cloud.issuer.token(user),
);
beforeAll(async () => {
  // The API only: the jobs the floods queue wait in their queue, no worker runs them.
  cloud = await apiCloud();
});

const analyze = routes.find((r) => r.path === '/analyze' && r.method === 'POST');
const limit = analyze?.callerLimit?.requests ?? 0;

describe('per-user limits', () => {
  it("user A flooding POST /analyze does not change user B's answers", async () => {
    expect(limit).toBeGreaterThan(0);
    const lanes = 3;
    // Warm containers: cold starts are not what is tested here.
    await Promise.all(
      Array.from({ length: lanes }, () => api.as('warm-up').post('/analyze', { text: 'Warm.' })),
    );
    // The limit's windows are fixed, on the minute: a flood that crosses into the next one is
    // counted in two. Such a flood is sent again by another flooder, in the window it crossed
    // into (a flood takes seconds, a window a minute), rather than waiting for a fresh window
    // before the first (up to half a minute).
    const window = analyze?.callerLimit?.windowSeconds ?? 60;
    const windowNow = () => Math.floor(Date.now() / 1000 / window);
    const floodAs = async (user: string) => {
      const answers = [];
      // A few at a time: the function's concurrency is not what is tested here either.
      for (let i = 0; i < limit + 10; i += lanes) {
        answers.push(
          ...(await Promise.all(
            Array.from({ length: lanes }, (_, j) =>
              api.as(user).post('/analyze', { text: `Flood number ${i + j}.` }),
            ),
          )),
        );
      }
      return answers;
    };
    let flooder = '';
    let flood: Awaited<ReturnType<typeof floodAs>> = [];
    for (let attempt = 1; flooder === ''; attempt += 1) {
      const started = windowNow();
      flood = await floodAs(`flooder-${attempt}`);
      if (windowNow() === started) flooder = `flooder-${attempt}`;
      else if (attempt === 3) throw new Error('three floods in a row crossed a window boundary');
    }
    const statuses = flood.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(limit);
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    const refused = flood.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    for (const answer of refused) {
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(answer.json).toMatchObject({ status: 429, type: '/problems/throttled' });
      // Refused by the caller's own counter, not by the route's shared throttle.
      expect(answer.headers.get('x-amzn-errortype')).toBeNull();
    }
    // Still over its limit: A keeps being refused, B is answered as if A were not there.
    expect((await api.as(flooder).post('/analyze', { text: 'Once more.' })).status).toBe(429);
    for (let i = 0; i < 3; i += 1) {
      const answer = await api.as('bystander').post('/analyze', { text: `Mine ${i}.` });
      expect(answer.status).toBe(202);
      const job = await api.as('bystander').get(`/jobs/${String(answer.json?.job_id)}`);
      expect(job.status).toBe(200);
    }
  });
});

describe('answer headers', () => {
  it('nosniff on every answer: public, private, refused, and the gateway’s own', async () => {
    const answers = {
      'public read': await api.get('/posts?limit=1'),
      'signed-in read': await api.as('ana').get('/webhooks'),
      'function refusal': await api.get('/posts/not-a-uuid'),
      'gateway 404': await api.get('/no/such/route'),
      'gateway 401': await api.post('/posts', { content: 'x', post_type: 'news' }),
      'unsupported type': await api
        .as('ana')
        .post('/analyze', 'text', { 'content-type': 'text/plain' }),
    };
    for (const [what, answer] of Object.entries(answers)) {
      expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
    }
  });

  it('no-store on every answer to a signed-in caller', async () => {
    const job = await api.as('ana').post('/analyze', { text: 'Private.' });
    for (const answer of [
      job,
      await api.as('ana').get(`/jobs/${String(job.json?.job_id)}`),
      await api.as('mallory').get(`/jobs/${String(job.json?.job_id)}`),
      await api.as('ana').get('/webhooks'),
    ]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('echoes no client input into the 415 problem', async () => {
    const answer = await api
      .as('ana')
      .post('/analyze', '{}', { 'content-type': 'text/html; x=<script>alert(1)</script>' });
    expect(answer.status).toBe(415);
    expect(JSON.stringify(answer.json)).not.toContain('script');
  });
});
