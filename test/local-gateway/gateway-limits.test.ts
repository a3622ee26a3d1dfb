import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { fixture, route } from '../support/fixture-functions';
import { answerFitting } from '../support/contract';

/**
 * API Gateway's limits and its answers when the integration fails, over HTTP,
 * with fixture functions behind fixture routes. The integration timeout is
 * shortened from 29 s to 3 s so a test can outlast it.
 */
const integrationTimeoutMs = 3_000;
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({
    onLine: () => undefined,
    // The gateway's and the runtime's answers only: no queue pollers, no cache probe.
    eventSources: false,
    schedules: false,
    integrationTimeoutMs,
    extraFunctions: {
      sleepShort: fixture('sleep', { timeoutSeconds: 1 }),
      sleepLong: fixture('sleep', { timeoutSeconds: 10 }),
      sleepReserved: fixture('sleep', { reservedConcurrency: 2 }),
      counter: fixture('counter'),
    },
    extraRoutes: [
      route('GET', '/fixtures/short', 'sleepShort'),
      route('GET', '/fixtures/long', 'sleepLong'),
      route('GET', '/fixtures/reserved', 'sleepReserved'),
      // A bucket of 5 that practically never refills, so the count is exact.
      route('GET', '/fixtures/burst', 'counter', {
        throttle: { rateLimit: 0.001, burstLimit: 5 },
      }),
      route('GET', '/fixtures/flooded', 'counter', {
        throttle: { rateLimit: 0.001, burstLimit: 5 },
      }),
      // The stage's default method throttle (burst 200), in a bucket of its own.
      route('GET', '/fixtures/quiet', 'counter'),
    ],
  });
});
afterAll(() => cloud?.close());

async function get(path: string) {
  const response = await fetch(`${cloud.url}${path}`);
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text) as unknown };
}

describe('when the function fails', () => {
  it('answers 502 {"message":"Internal server error"} for a Lambda timeout, as API Gateway does', async () => {
    const before = cloud.pools.get('sleepShort')?.reports.length ?? 0;
    const answer = await get('/fixtures/short?ms=3000');
    expect(answer.status).toBe(502);
    expect(answer.json).toEqual({ message: 'Internal server error' });
    expect(answer.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
    const report = cloud.pools.get('sleepShort')?.reports[before];
    expect(report?.outcome).toMatchObject({ ok: false, timedOut: true });
  });

  it('answers 504 when the integration outlasts the integration timeout', async () => {
    const answer = await get('/fixtures/long?ms=5000');
    expect(answer.status).toBe(504);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.json).toMatchObject({
      type: '/problems/internal',
      detail: 'Endpoint request timed out',
    });
  });

  it('answers 500 for an invocation Lambda throttles over reserved concurrency', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => get('/fixtures/reserved?ms=1000')),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 500, 500, 500]);
    for (const refused of answers.filter((a) => a.status === 500)) {
      expect(refused.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      expect(refused.json).toMatchObject({ detail: 'Internal server error' });
    }
  });
});

describe('throttling', () => {
  it("answers 429 with Retry-After to a burst above the route's throttle; the rest succeed", async () => {
    const answers = await Promise.all(Array.from({ length: 15 }, () => get('/fixtures/burst')));
    const ok = answers.filter((a) => a.status === 200);
    const throttled = answers.filter((a) => a.status === 429);
    expect(ok.length + throttled.length).toBe(15);
    expect(ok).toHaveLength(5);
    expect(throttled).toHaveLength(10);
    for (const answer of throttled) {
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.json).toMatchObject({
        type: '/problems/throttled',
        title: 'Too Many Requests',
        status: 429,
      });
    }
    const row = cloud.metrics.snapshot().routes.find((r) => r.route === 'GET /fixtures/burst');
    expect(row).toMatchObject({ requests: 15, throttled: throttled.length });
  });
});

describe('a flood on one route', () => {
  it("leaves another route's answers unchanged: each method has its own bucket, and refused requests spend no shared token", async () => {
    // More refused requests than the stage's default burst (200): were they counted in a
    // shared stage bucket, the quiet route would be throttled too.
    const flood = Promise.all(Array.from({ length: 400 }, () => get('/fixtures/flooded')));
    const quiet = await Promise.all(Array.from({ length: 30 }, () => get('/fixtures/quiet')));
    const flooded = await flood;
    expect(flooded.filter((a) => a.status === 200)).toHaveLength(5);
    expect(flooded.filter((a) => a.status === 429)).toHaveLength(395);
    expect(quiet.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));
  });
});

describe('payload limit', () => {
  it('answers 413 to a body over 10 MB without invoking the function', async () => {
    const reports = cloud.pools.get('createPost')?.reports.length;
    // Oversized on purpose (raw): the gateway's 413 is still checked against the document.
    const response = await answerFitting(
      'POST',
      '/posts',
      fetch(`${cloud.url}/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(10 * 1024 * 1024 + 1),
      }),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ detail: 'Request Too Long' });
    expect(cloud.pools.get('createPost')?.reports.length).toBe(reports);
  });
});
