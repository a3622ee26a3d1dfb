import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { echoThrottle, testFunctions, testRoutes } from '../support/test-functions';

/** Throttling and the handler deadline, over HTTP through the local cloud. */
let cloud: LocalCloud;
const lines: string[] = [];
beforeAll(async () => {
  cloud = await startLocalCloud({
    onLine: (fn, line) => lines.push(`${fn} ${line}`),
    extraFunctions: testFunctions,
    extraRoutes: testRoutes,
    // The gateway's and the runtime's limits only: no queue pollers, no cache probe.
    eventSources: false,
    schedules: false,
  });
});
afterAll(() => cloud.close());

describe('a burst above a route throttle', () => {
  it('gets 429 with Retry-After for what is over the bucket, and the rest succeed', async () => {
    const burst = echoThrottle.burstLimit * 4;
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: burst }, () => fetch(`${cloud.url}/_test/echo`)),
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    const statuses = responses.map((r) => r.status);
    const ok = statuses.filter((s) => s === 200).length;
    const throttled = responses.filter((r) => r.status === 429);

    // Nothing else: no 5xx from a pool that could not keep up.
    expect(ok + throttled.length).toBe(burst);
    // The bucket: its burst, plus what refilled while the burst was answered.
    expect(ok).toBeGreaterThanOrEqual(echoThrottle.burstLimit);
    expect(ok).toBeLessThanOrEqual(
      echoThrottle.burstLimit + Math.ceil(elapsedSeconds * echoThrottle.rateLimit),
    );
    expect(throttled.length).toBeGreaterThan(0);
    for (const r of throttled) {
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    }
    // A throttled request never reached the function.
    expect(cloud.pools.get('echoTest')?.reports.length).toBe(ok);
  });
});

describe('a handler that runs past its deadline', () => {
  it("answers 504 problem+json with Retry-After itself, before Lambda's timeout would kill it", async () => {
    const spec = testFunctions.overrunTest;
    const response = await fetch(`${cloud.url}/_test/overrun`);
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toMatchObject({
      type: '/problems/deadline',
      status: 504,
      instance: '/_test/overrun',
    });

    // The function answered (a 504 from its own middleware): Lambda did not time it out,
    // which the gateway would have answered as a 502 with no problem+json.
    const [report] = cloud.pools.get('overrunTest')?.reports ?? [];
    expect(report?.outcome.ok).toBe(true);
    expect(report?.durationMs).toBeLessThan(spec.timeoutSeconds * 1000);
    expect(report?.durationMs).toBeGreaterThanOrEqual(
      spec.timeoutSeconds * 1000 - spec.deadlineMarginMs - 50,
    );
    // And it said so in its metrics.
    const emf = lines.filter((l) => l.startsWith('overrunTest ') && l.includes('DeadlineExceeded'));
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatch(/"function_name":"overrunTest"/);
  });
});
