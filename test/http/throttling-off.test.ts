import { afterEach, describe, expect, it } from 'vitest';
import { routes } from '../../lib/service';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';

/**
 * The benchmarks start the local cloud with API Gateway's throttles off, to
 * measure the runtime rather than the configured rates; by default they hold.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  await cloud?.close();
  cloud = undefined;
});

const createRoute = routes.find((r) => r.method === 'POST' && r.path === '/posts');
const burst = createRoute?.throttle?.burstLimit ?? 0;

/** More creates than the route's burst, ten at a time (the function's concurrency). */
async function overBurst(url: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let sent = 0; sent < burst + 20; sent += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, () =>
        fetch(`${url}/posts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: 'burst', post_type: 'news', author_id: 'burst' }),
        }).then(async (response) => {
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
  it('answers every create in a burst above the route throttle', async () => {
    expect(burst).toBeGreaterThan(0);
    cloud = await startLocalCloud({ throttling: false, onLine: () => undefined });
    const statuses = await overBurst(cloud.url);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
  });

  it('still throttles by default', async () => {
    cloud = await startLocalCloud({ onLine: () => undefined });
    const statuses = await overBurst(cloud.url);
    expect(statuses).toContain(429);
  });
});
