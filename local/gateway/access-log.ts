import type { GatewayResponseType } from '../../lib/description';

/**
 * One request as the stage's access log records it (the fields the stack's
 * `accessLogFormat` writes), plus the function it reached. The local
 * dashboard draws API Gateway's per-route numbers from these, as CloudWatch
 * draws them from the metrics API Gateway publishes.
 */
export interface AccessLogEntry {
  readonly requestId: string;
  /** Epoch milliseconds. */
  readonly requestTime: number;
  readonly httpMethod: string;
  /** The matched resource, e.g. `/posts/{id}`; undefined when no route matched. */
  readonly resourcePath?: string;
  readonly path: string;
  /** The signed-in caller (the token's `sub`) on a route with `auth: 'user'`. */
  readonly sub?: string;
  readonly status: number;
  /** Milliseconds from the request arriving to the answer being sent. */
  readonly responseLatency: number;
  /** Milliseconds spent in the integration (the Lambda invocation), when it was called. */
  readonly integrationLatency?: number;
  readonly functionName?: string;
  /** The invocation started a new container (local only: the deployed access log cannot tell). */
  readonly coldStart?: boolean;
  /** Set when API Gateway answered itself: THROTTLED, BAD_REQUEST_BODY, ... */
  readonly errorType?: GatewayResponseType;
  /** `WAF_BLOCK` when the per-address rule on the public reads answered (client-rate-rule.ts). */
  readonly wafResponseCode?: 'WAF_BLOCK';
  /** Set when the integration failed: the function's error or timeout. */
  readonly integrationError?: string;
}
