import { describe, expect, it } from 'vitest';
import { backoffSeconds, retryBackoff } from '../../functions/jobs/retry-backoff';
import { queues } from '../../lib/description';

describe('retry backoff', () => {
  it('doubles from the base with each delivery, up to the maximum', () => {
    const backoff = { baseSeconds: 10, maxSeconds: 300 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffSeconds(backoff, n))).toEqual([
      10, 20, 40, 80, 160, 300, 300,
    ]);
  });

  it('never exceeds the 12 hours SQS allows for a visibility timeout', () => {
    expect(backoffSeconds({ baseSeconds: 3600, maxSeconds: 100_000 }, 40)).toBe(43_200);
  });

  it("reads the queue's description, or the local runtime's override", () => {
    expect(retryBackoff('notifications', {})).toEqual(queues.notifications.retryBackoff);
    expect(retryBackoff('notifications', { LOCAL_RETRY_BACKOFF: '1,2' })).toEqual({
      baseSeconds: 1,
      maxSeconds: 2,
    });
  });
});
