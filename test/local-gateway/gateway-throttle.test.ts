import { describe, expect, it } from 'vitest';
import type { UsagePlanSpec } from '../../lib/description';
import type { GatewayRoute } from '../../local/gateway/gateway-route';
import { gatewayThrottle, type ThrottledRequest } from '../../local/gateway/gateway-throttle';
import { UsagePlanQuota } from '../../local/gateway/usage-plan-quota';

/**
 * API Gateway's levels of throttling. Rates are so low that no bucket refills
 * during a test, so every count is exact.
 */
const still = (burstLimit: number) => ({ rateLimit: 0.001, burstLimit });
const route = (path: string, throttle?: { rateLimit: number; burstLimit: number }) =>
  ({
    method: 'GET',
    path,
    function: 'fn',
    ...(throttle ? { throttle } : {}),
  }) as GatewayRoute;

const analyze = route('/analyze', still(5));
const posts = route('/posts/{id}');
const list = route('/posts');

function admitted(
  throttle: ReturnType<typeof gatewayThrottle>,
  request: ThrottledRequest,
  times: number,
): number {
  let passed = 0;
  for (let i = 0; i < times; i += 1) if (throttle.admit(request) === undefined) passed += 1;
  return passed;
}

describe('the gateway throttle', () => {
  it("gives each method its own bucket: a flood on one leaves another's answers unchanged", () => {
    const throttle = gatewayThrottle([analyze, posts], {
      stage: still(20),
      account: still(1_000),
    });
    expect(admitted(throttle, { route: analyze }, 500)).toBe(5);
    expect(admitted(throttle, { route: posts }, 20)).toBe(20);
  });

  it("applies the stage default to each method separately, and a method's own setting instead of it", () => {
    const throttle = gatewayThrottle([analyze, posts, list], {
      stage: still(10),
      account: still(1_000),
    });
    expect(admitted(throttle, { route: posts }, 50)).toBe(10);
    expect(admitted(throttle, { route: list }, 50)).toBe(10);
    expect(admitted(throttle, { route: analyze }, 50)).toBe(5);
  });

  it('says how long until a refused request would be admitted', () => {
    // One token a second: wide enough that a loaded machine's pause between the calls below
    // cannot refill it.
    const oneASecond = route('/analyze', { rateLimit: 1, burstLimit: 1 });
    const throttle = gatewayThrottle([oneASecond], { stage: still(10), account: still(1_000) });
    expect(throttle.admit({ route: oneASecond })).toBeUndefined();
    expect(throttle.admit({ route: oneASecond })).toBe('method');
    // The rest of the second, a little of which has already passed.
    const ms = throttle.msUntilAdmitted({ route: oneASecond });
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThanOrEqual(1_000);
    expect(throttle.msUntilAdmitted({ route: list })).toBe(0);
  });

  it('shares the account-level bucket between all methods', () => {
    const throttle = gatewayThrottle([posts, list], { stage: still(10), account: still(15) });
    expect(admitted(throttle, { route: posts }, 10)).toBe(10);
    expect(admitted(throttle, { route: list }, 10)).toBe(5);
    expect(throttle.admit({ route: list })).toBe('account');
  });

  it('takes no account token for a request its method refuses', () => {
    const throttle = gatewayThrottle([analyze, posts], { stage: still(100), account: still(10) });
    expect(admitted(throttle, { route: analyze }, 1_000)).toBe(5);
    expect(throttle.admit({ route: analyze })).toBe('method');
    // Five account tokens left: only the five requests the method admitted spent any.
    expect(admitted(throttle, { route: posts }, 100)).toBe(5);
  });

  it('takes no method token for a request the account refuses', () => {
    const throttle = gatewayThrottle([analyze, posts], { stage: still(100), account: still(3) });
    expect(admitted(throttle, { route: posts }, 3)).toBe(3);
    expect(throttle.admit({ route: analyze })).toBe('account');
    // A fresh account bucket would now find analyze's five tokens untouched.
    const fresh = gatewayThrottle([analyze], { stage: still(100), account: still(100) });
    expect(admitted(fresh, { route: analyze }, 10)).toBe(5);
  });

  it("throttles each API key at its usage plan's limit, separately, and spends nothing else when it refuses", () => {
    const plan: UsagePlanSpec = {
      description: 'test',
      throttle: still(3),
      quota: { limit: 1_000, period: 'DAY' },
    };
    const throttle = gatewayThrottle([posts], {
      stage: still(100),
      account: still(100),
      apiKeys: new Map([
        ['key-a', plan],
        ['key-b', plan],
      ]),
    });
    expect(admitted(throttle, { route: posts, apiKey: 'key-a' }, 10)).toBe(3);
    expect(throttle.admit({ route: posts, apiKey: 'key-a' })).toBe('usage-plan');
    expect(admitted(throttle, { route: posts, apiKey: 'key-b' }, 10)).toBe(3);
    // 6 of the method's 100 tokens were spent, none by the 14 refused requests.
    expect(admitted(throttle, { route: posts }, 200)).toBe(94);
  });
});

describe("a usage plan's quota", () => {
  const plan: UsagePlanSpec = {
    description: 'test',
    throttle: still(100),
    quota: { limit: 2, period: 'DAY' },
  };

  it('refuses a key once its requests of the period reach the limit, and counts keys apart', () => {
    const quota = new UsagePlanQuota(() => new Date('2026-12-04T10:00:00Z'));
    expect([1, 2, 3].map(() => quota.take('a', plan))).toEqual([true, true, false]);
    expect(quota.take('b', plan)).toBe(true);
  });

  it('starts again in the next period', () => {
    let now = new Date('2026-12-04T23:59:59Z');
    const quota = new UsagePlanQuota(() => now);
    quota.take('a', plan);
    quota.take('a', plan);
    expect(quota.take('a', plan)).toBe(false);
    now = new Date('2026-12-05T00:00:01Z');
    expect(quota.take('a', plan)).toBe(true);
  });
});
