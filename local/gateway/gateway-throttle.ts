import type { Throttle, UsagePlanSpec } from '../../lib/description';
import type { GatewayRoute } from './gateway-route';
import { ThrottlePipeline, type ThrottleLevel } from './throttle-pipeline';
import { TokenBucket } from './token-bucket';

/** What the gateway's throttle looks at in a request. */
export interface ThrottledRequest {
  readonly route: GatewayRoute;
  /** The caller's API key, when the stage has usage plans and the key belongs to one. */
  readonly apiKey?: string;
}

export interface GatewayThrottleLimits {
  /** The stage's default method throttle: one bucket per method at these limits. */
  readonly stage: Throttle;
  /** The account-level throttle, shared by every method. */
  readonly account: Throttle;
  /** API key → its usage plan; absent when the stage has no usage plans. */
  readonly apiKeys?: ReadonlyMap<string, UsagePlanSpec>;
}

/**
 * API Gateway's throttling, in the order it applies its limits: the usage
 * plan's per-key limit, then the method's (its own setting, or the stage's
 * default, one bucket per method: a flood on one method never spends
 * another's tokens), then the account's, shared by all.
 */
export function gatewayThrottle(
  routes: readonly GatewayRoute[],
  limits: GatewayThrottleLimits,
): ThrottlePipeline<ThrottledRequest> {
  return new ThrottlePipeline<ThrottledRequest>([
    usagePlanLevel(limits.apiKeys),
    methodLevel(routes, limits.stage),
    sharedLevel('account', limits.account),
  ]);
}

function usagePlanLevel(
  apiKeys: ReadonlyMap<string, UsagePlanSpec> | undefined,
): ThrottleLevel<ThrottledRequest> {
  const buckets = new Map<string, TokenBucket>();
  return {
    name: 'usage-plan',
    bucketFor: ({ apiKey }) => {
      const plan = apiKey === undefined ? undefined : apiKeys?.get(apiKey);
      if (!plan || apiKey === undefined) return undefined;
      let bucket = buckets.get(apiKey);
      if (!bucket) buckets.set(apiKey, (bucket = new TokenBucket(plan.throttle)));
      return bucket;
    },
  };
}

function methodLevel(
  routes: readonly GatewayRoute[],
  stageDefault: Throttle,
): ThrottleLevel<ThrottledRequest> {
  const buckets = new Map(routes.map((r) => [r, new TokenBucket(r.throttle ?? stageDefault)]));
  return { name: 'method', bucketFor: ({ route }) => buckets.get(route) };
}

function sharedLevel(name: string, limits: Throttle): ThrottleLevel<ThrottledRequest> {
  const bucket = new TokenBucket(limits);
  return { name, bucketFor: () => bucket };
}
