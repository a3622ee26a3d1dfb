/**
 * The API Gateway stage: its name, throttling, API Gateway's own limits,
 * usage plans and WAF (both behind flags), binary media types.
 */
import type { Throttle, UsagePlanSpec } from './types';

export const stage = {
  stageName: 'v1',
  /**
   * The stage's default method throttle: each method has a bucket of its own at
   * these limits, unless the route sets its own (which may only tighten it).
   */
  throttle: { rateLimit: 100, burstLimit: 200 } satisfies Throttle,
  /**
   * API Gateway's account-level throttle per Region (AWS's default quota): the
   * one bucket every method of every API in the account shares.
   */
  accountThrottle: { rateLimit: 10_000, burstLimit: 5_000 } satisfies Throttle,
  /** API Gateway's own hard limits (REST API). */
  integrationTimeoutMs: 29_000,
  maxPayloadBytes: 10 * 1024 * 1024,
  /** p99 latency the API is held to: over it for a while, an alarm. */
  latencyP99TargetMs: 1_000,
  /**
   * Per-client quotas, deployed with `-c apiKeys=on`: then every method needs
   * an `x-api-key` belonging to one of these plans.
   */
  usagePlans: {
    standard: {
      description: 'Default plan for a client application',
      throttle: { rateLimit: 10, burstLimit: 20 },
      quota: { limit: 10_000, period: 'DAY' },
    },
    partner: {
      description: 'Integrations agreed with a partner',
      throttle: { rateLimit: 50, burstLimit: 100 },
      quota: { limit: 1_000_000, period: 'MONTH' },
    },
  } satisfies Record<string, UsagePlanSpec>,
  /**
   * The public reads (`publicReads` in routes.ts: GET, no sign-in) limited per client
   * address: an AWS WAF rate-based rule keyed on the source IP, deployed by default
   * (`-c waf=off` leaves it out, for a dev stack), and the local gateway's rule alike
   * (local/gateway/client-rate-rule.ts). Signed-in routes are limited per user instead
   * (`callerLimit`), so no user is refused for sharing an address.
   */
  waf: {
    /** Requests one IP may make per window before WAF answers 429 (AWS minimum: 10). */
    requestsPerIp: 3_000,
    /** WAF evaluates the rate over one of 60, 120, 300 or 600 seconds. */
    windowSeconds: 300,
    /** Retry-After on the 429: WAF re-checks the rate continuously; a minute is a fair first wait. */
    retryAfterSeconds: 60,
    /** The rule's and the web ACL's CloudWatch metric names (AWS/WAFV2), on both dashboards. */
    ruleMetricName: 'rate-per-ip',
    webAclMetricName: 'posts-api-waf',
  },
  /**
   * Content types API Gateway treats as binary (none yet): a request body of
   * such a type reaches the function base64-encoded, and an `isBase64Encoded`
   * answer is decoded only when the client's Accept matches one of them.
   */
  binaryMediaTypes: [] as readonly string[],
} as const;

/**
 * The problem+json body answered with the 429 to a client over `stage.waf`: by WAF's
 * custom response in the cloud, by the local gateway locally, the same bytes.
 */
export const addressThrottledBody = JSON.stringify({
  type: '/problems/throttled',
  title: 'Too Many Requests',
  status: 429,
  detail: `More than ${stage.waf.requestsPerIp} requests from this address in ${stage.waf.windowSeconds} seconds.`,
});
