import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { echoThrottle, testFunctions, testRoutes } from '../support/test-functions';

/**
 * The benchmarks start the local cloud with API Gateway's throttles off, to
 * measure the runtime rather than the configured rates; by default they hold.
 * The echo route's throttle (1 rps, burst 3) is far below what is sent, so a
 * slow machine refilling the bucket cannot hide it.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const start = (throttling?: boolean) =>
  startLocalCloud({
    throttling,
    onLine: () => undefined,
    // The gateway's and the runtime's answers only: no queue pollers, no cache probe.
    eventSources: false,
    schedules: false,
    extraFunctions: testFunctions,
    extraRoutes: testRoutes,
  });

/** Several times the route's burst, ten at a time (the function's reserved concurrency). */
async function overBurst(url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < echoThrottle.burstLimit * 6; sent += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${url}/_test/echo`).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
      ),
    );
    statuses.push(...batch);
  }
  return statuses;
}

describe('the local cloud with throttling off', () => {
  it('answers every request in a burst above the route throttle', async () => {
    cloud = await start(false);
    const statuses = await overBurst(cloud.url);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('still throttles by default', async () => {
    cloud = await start();
    const statuses = await overBurst(cloud.url);
    expect(statuses).toContain(429);
  });
});
