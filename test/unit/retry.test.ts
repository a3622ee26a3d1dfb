import { describe, expect, it } from 'vitest';
import { BudgetExhausted, retryWithinBudget, type RetryPolicy } from '../../functions/domain/retry';

const policy: RetryPolicy = {
  maxAttempts: 3,
  attemptTimeoutMs: 1_000,
  backoff: { baseMs: 100, maxMs: 150 },
  minAttemptMs: 100,
};

/** A clock that only moves when the code under test sleeps or an attempt "takes" time. */
function fakeTime(start = 0) {
  let clock = start;
  const waits: number[] = [];
  return {
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
    spend: (ms: number) => (clock += ms),
    waits,
  };
}

const retryable = () => Object.assign(new Error('try again'), { retryable: true });

describe('retryWithinBudget', () => {
  it('retries a retryable failure up to maxAttempts with jittered, capped waits', async () => {
    const t = fakeTime();
    const timeouts: number[] = [];
    await expect(
      retryWithinBudget(
        async (timeoutMs) => {
          timeouts.push(timeoutMs);
          throw retryable();
        },
        policy,
        { deadline: 10_000, now: t.now, sleep: t.sleep, random: () => 0.999 },
      ),
    ).rejects.toThrow('try again');
    expect(timeouts).toEqual([1_000, 1_000, 1_000]);
    // Full jitter below min(maxMs, baseMs * 2^n): 100 then 150 (capped).
    expect(t.waits).toEqual([99, 149]);
  });

  it('returns the first success', async () => {
    const t = fakeTime();
    let n = 0;
    const value = await retryWithinBudget(
      async () => {
        n += 1;
        if (n < 2) throw retryable();
        return 'ok';
      },
      policy,
      { deadline: 10_000, now: t.now, sleep: t.sleep },
    );
    expect([value, n]).toEqual(['ok', 2]);
  });

  it('does not retry an error that is not retryable', async () => {
    const t = fakeTime();
    let n = 0;
    await expect(
      retryWithinBudget(
        async () => {
          n += 1;
          throw new Error('bad request');
        },
        policy,
        { deadline: 10_000, now: t.now, sleep: t.sleep },
      ),
    ).rejects.toThrow('bad request');
    expect(n).toBe(1);
  });

  it('gives each attempt only what is left, and starts none that would not fit', async () => {
    const t = fakeTime();
    const timeouts: number[] = [];
    await expect(
      retryWithinBudget(
        async (timeoutMs) => {
          timeouts.push(timeoutMs);
          t.spend(timeoutMs);
          throw retryable();
        },
        policy,
        { deadline: 1_250, now: t.now, sleep: t.sleep, random: () => 0.5 },
      ),
    ).rejects.toThrow();
    // 1000 ms, a 50 ms wait, then 200 ms left: an attempt of 200 ms; then nothing fits.
    expect(timeouts).toEqual([1_000, 200]);
  });

  it('starts nothing when the budget is already spent, and says so', async () => {
    const t = fakeTime(1_000);
    let n = 0;
    await expect(
      retryWithinBudget(
        async () => {
          n += 1;
        },
        policy,
        { deadline: 1_050, now: t.now, sleep: t.sleep },
      ),
    ).rejects.toBeInstanceOf(BudgetExhausted);
    expect(n).toBe(0);
  });
});
