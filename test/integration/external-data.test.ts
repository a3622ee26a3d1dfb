import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { DynamoLastGoodStore } from '../../functions/adapters/partner/last-good-store';
import { HttpPartnerApi, PartnerError } from '../../functions/adapters/partner/partner-api';
import { PooledHttpClient } from '../../functions/adapters/partner/pooled-http-client';
import { CircuitBreaker } from '../../functions/domain/circuit-breaker';
import { externalData, type ExternalDataAnswer } from '../../functions/domain/external-data';
import { startSamplePartner, type SamplePartner } from '../../local/partner/sample-partner';
import { functions, service } from '../../lib/description';
import { apiEvent, lambdaContext } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';

/**
 * GET /external-data against a real partner HTTP server on loopback (the
 * sample partner, told to be healthy, slow, failing or down), the real pooled
 * client and the last good answer in dynalite. Time for the breaker and the
 * freshness window is a clock the test moves; the HTTP calls are real.
 */
let table: Awaited<ReturnType<typeof localTable>>;
let partner: SamplePartner;
const client = new PooledHttpClient();
const policy = service.partner;

beforeAll(async () => {
  table = await localTable();
  partner = await startSamplePartner({ slowMs: 2_000 });
});
afterAll(async () => {
  client.close();
  await partner.close();
  await table.close();
});

function setup() {
  let clock = Date.now();
  const opened: number[] = [];
  const failures: unknown[] = [];
  const breaker = new CircuitBreaker(policy.breaker, () => clock);
  const store = new DynamoLastGoodStore(
    documentClient(functions.externalData.sdk),
    table.tableName,
    `test-${randomUUID()}`,
  );
  const api = new HttpPartnerApi(new URL(partner.url), client);
  return {
    breaker,
    store,
    opened,
    failures,
    advance: (ms: number) => {
      clock += ms;
    },
    fetch: (overrides: { deadline?: number; policy?: typeof policy } = {}) =>
      externalData({
        partner: api,
        store,
        breaker,
        policy: overrides.policy ?? policy,
        now: () => clock,
        deadline: overrides.deadline ?? clock + policy.budgetMs,
        events: {
          breakerOpened: () => opened.push(clock),
          attempt: (_ms, error) => error !== undefined && failures.push(error),
        },
      }),
  };
}

function data(answer: ExternalDataAnswer) {
  if (answer.kind !== 'data') throw new Error(`expected data, got ${JSON.stringify(answer)}`);
  return answer;
}

describe('the partner behind a circuit breaker', () => {
  it('goes live -> cache -> stale while failing -> open (no calls) -> half-open probe -> closed', async () => {
    const s = setup();
    partner.setMode('healthy');

    const live = data(await s.fetch());
    expect(live).toMatchObject({ source: 'live', breaker: 'closed', age_seconds: 0 });
    expect(live.data).toMatchObject({ topics: expect.any(Array) });
    let calls = partner.requests;

    // Within the freshness window: served from the kept answer, the partner is not called.
    const cached = data(await s.fetch());
    expect(cached).toMatchObject({ source: 'cache', breaker: 'closed', data: live.data });
    expect(partner.requests).toBe(calls);

    // Stale past the window, and the partner failing: each call retries, then serves the old answer.
    s.advance((policy.freshSeconds + 1) * 1000);
    partner.setMode('failing');
    for (let i = 1; i <= policy.breaker.failureThreshold; i += 1) {
      const stale = data(await s.fetch());
      expect(stale).toMatchObject({
        source: 'stale',
        data: live.data,
        fetched_at: live.fetched_at,
      });
      expect(stale.age_seconds).toBe(policy.freshSeconds + 1);
      expect(partner.requests - calls).toBe(policy.maxAttempts);
      calls = partner.requests;
      expect(stale.breaker).toBe(i < policy.breaker.failureThreshold ? 'closed' : 'open');
    }
    expect(s.opened).toHaveLength(1);

    // Open: nothing reaches the partner, the stale answer is served at once.
    for (let i = 0; i < 5; i += 1) {
      expect(data(await s.fetch())).toMatchObject({ source: 'stale', breaker: 'open' });
    }
    expect(partner.requests).toBe(calls);

    // Half-open after openMs: one probe, one request; it fails, so the breaker opens again.
    s.advance(policy.breaker.openMs);
    expect(s.breaker.state).toBe('half_open');
    expect(data(await s.fetch())).toMatchObject({ source: 'stale', breaker: 'open' });
    expect(partner.requests - calls).toBe(1);
    expect(s.opened).toHaveLength(2);
    calls = partner.requests;

    // The partner recovers: the next probe succeeds and closes the breaker.
    partner.setMode('healthy');
    s.advance(policy.breaker.openMs);
    const recovered = data(await s.fetch());
    expect(recovered).toMatchObject({ source: 'live', breaker: 'closed', age_seconds: 0 });
    expect(partner.requests - calls).toBe(1);
    expect(data(await s.fetch())).toMatchObject({ source: 'cache', breaker: 'closed' });
  });

  it('answers unavailable with a Retry-After when nothing was ever kept', async () => {
    const s = setup();
    partner.setMode('down');
    const first = await s.fetch();
    expect(first).toMatchObject({
      kind: 'unavailable',
      breaker: 'closed',
      retryAfterSeconds: policy.retryAfterSeconds,
    });
    await s.fetch();
    const third = await s.fetch();
    // The failure that opens the breaker: come back when it will let a probe through.
    expect(third).toMatchObject({
      kind: 'unavailable',
      breaker: 'open',
      retryAfterSeconds: policy.breaker.openMs / 1000,
    });
    expect(s.failures.length).toBe(3 * policy.maxAttempts);
  });

  it('keeps retries inside the remaining time: a slow partner costs at most the budget', async () => {
    const s = setup();
    partner.setMode('slow');
    const calls = partner.requests;
    const tight = { ...policy, attemptTimeoutMs: 200 };
    const budgetMs = 450;
    const started = Date.now();
    const answer = await externalData({
      partner: new HttpPartnerApi(new URL(partner.url), client),
      store: s.store,
      breaker: s.breaker,
      policy: tight,
      deadline: started + budgetMs,
    });
    const elapsed = Date.now() - started;
    expect(answer).toMatchObject({ kind: 'unavailable' });
    // Two 200 ms attempts fit; a third would not start with under minAttemptMs left.
    expect(partner.requests - calls).toBeLessThanOrEqual(2);
    // The budget is the behaviour: an attempt left to run would take the partner's 2 s; the
    // margin is a loaded 2-core machine's.
    expect(elapsed).toBeLessThan(budgetMs + 1_000);
  });
});

describe('the partner when there is no time left', () => {
  it('serves what is kept without calling, and does not hold it against the partner', async () => {
    const s = setup();
    partner.setMode('healthy');
    data(await s.fetch());
    s.advance((policy.freshSeconds + 1) * 1000);
    const calls = partner.requests;
    for (let i = 0; i < policy.breaker.failureThreshold + 1; i += 1) {
      const answer = data(await s.fetch({ deadline: Date.now() - 1 }));
      expect(answer).toMatchObject({ source: 'stale', breaker: 'closed' });
    }
    expect(partner.requests).toBe(calls);
    expect(s.opened).toEqual([]);
  });
});

describe('the partner HTTP client', () => {
  it('reuses one keep-alive connection for successive calls', async () => {
    partner.setMode('healthy');
    const api = new HttpPartnerApi(new URL(partner.url), client);
    await api.fetch(1_000);
    const before = partner.connections;
    for (let i = 0; i < 5; i += 1) await api.fetch(1_000);
    expect(partner.connections).toBe(before);
  });

  it('tells a failure worth retrying from one that is not', async () => {
    const answers: Record<string, [number, string]> = {
      '/ok': [200, '{"a":1}'],
      '/gone': [404, '{}'],
      '/text': [200, 'plain text'],
      '/busy': [429, '{}'],
      '/huge': [200, `"${'x'.repeat(service.partner.maxBodyBytes + 10)}"`],
    };
    const server: Server = createServer((req, res) => {
      const [status, body] = answers[req.url ?? ''] ?? [500, ''];
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const outcome = (path: string) =>
      new HttpPartnerApi(new URL(path, base), client).fetch(1_000).then(
        (value) => ({ value }),
        (error: PartnerError) => ({ retryable: error.retryable }),
      );
    try {
      expect(await outcome('/ok')).toEqual({ value: { a: 1 } });
      expect(await outcome('/gone')).toEqual({ retryable: false });
      expect(await outcome('/text')).toEqual({ retryable: false });
      expect(await outcome('/busy')).toEqual({ retryable: true });
      expect(await outcome('/huge')).toEqual({ retryable: false });
      expect(await outcome('/anything-else')).toEqual({ retryable: true });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('GET /external-data (the handler)', () => {
  type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

  it('answers 503 problem+json with Retry-After when the partner fails and nothing is kept', async () => {
    partner.setMode('failing');
    process.env.PARTNER_API_URL = partner.url;
    const { handler } = (await import('../../functions/api/external-data')) as {
      handler: Handler;
    };
    const call = () => handler(apiEvent({ path: '/external-data' }), lambdaContext('externalData'));
    const first = await call();
    expect(first.statusCode).toBe(503);
    expect(first.headers?.['content-type']).toBe('application/problem+json');
    expect(first.headers?.['retry-after']).toBe(String(policy.retryAfterSeconds));
    expect(JSON.parse(first.body)).toMatchObject({ status: 503, type: '/problems/unavailable' });
    for (let i = 1; i < policy.breaker.failureThreshold; i += 1) await call();
    const open = await call();
    expect(open.statusCode).toBe(503);
    expect(Number(open.headers?.['retry-after'])).toBeGreaterThan(policy.retryAfterSeconds);
  });
});
