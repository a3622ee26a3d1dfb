import { describe, expect, it } from 'vitest';
import {
  countRequest,
  RefusedCallers,
  type RequestCounter,
} from '../../functions/domain/caller-limit';

/** A counter as the table keeps it: one count per key and window, and the writes it took. */
function tableCounter(): RequestCounter & { writes: number } {
  const counts = new Map<string, number>();
  return {
    writes: 0,
    async increment(key, windowStart) {
      this.writes += 1;
      const next = (counts.get(`${key}@${windowStart}`) ?? 0) + 1;
      counts.set(`${key}@${windowStart}`, next);
      return next;
    },
  };
}

const limit = { requests: 3, windowSeconds: 60 };
const at = (seconds: number) => new Date(seconds * 1000);

describe('the per-caller limit', () => {
  it('refuses the request over the limit until the window ends, with the seconds left', async () => {
    const counter = tableCounter();
    const verdicts = [];
    for (let i = 0; i < 5; i += 1)
      verdicts.push(await countRequest(counter, 'a', limit, at(6_010)));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false, false]);
    expect(verdicts[4]).toEqual({ allowed: false, retryAfterSeconds: 50 });
    // The next window counts afresh.
    expect(await countRequest(counter, 'a', limit, at(6_060))).toEqual({
      allowed: true,
      remaining: 2,
    });
  });

  it('answers a refused caller again without a counter write, until its window ends', async () => {
    const counter = tableCounter();
    const refused = new RefusedCallers();
    for (let i = 0; i < 4; i += 1) await countRequest(counter, 'a', limit, at(6_010), refused);
    expect(counter.writes).toBe(4);
    // A flood of refusals in the same window: the same answers, no further writes.
    for (let i = 0; i < 100; i += 1) {
      expect(await countRequest(counter, 'a', limit, at(6_030), refused)).toEqual({
        allowed: false,
        retryAfterSeconds: 30,
      });
    }
    expect(counter.writes).toBe(4);
    // Another caller is counted as before.
    expect(await countRequest(counter, 'b', limit, at(6_030), refused)).toMatchObject({
      allowed: true,
    });
    // The window over, the caller is counted again.
    expect(await countRequest(counter, 'a', limit, at(6_060), refused)).toEqual({
      allowed: true,
      remaining: 2,
    });
    expect(counter.writes).toBe(6);
  });
});
