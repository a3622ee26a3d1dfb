/**
 * How long each kind of downstream call may take. Shared by the functions that
 * make such calls and by the limits the handlers read, so one figure is never
 * written twice.
 */
import type { CallTimeouts } from './types';

export const apiSdk = { connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 } as const;
/** Workers move whole images: a longer request budget; all attempts still end inside the deadline. */
export const imageSdk = {
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 8_000,
  maxAttempts: 3,
} as const;
/**
 * One cache command, waiting for a connection included; a connection attempt itself runs on
 * in the background (service.cache.connectTimeoutMs) and never holds a request longer.
 */
export const cacheCalls = { requestTimeoutMs: 50, maxAttempts: 1 } as const satisfies CallTimeouts;
/** `GET /health`: each probe's own timeout, and the whole answer's. */
export const healthChecks = {
  budgetMs: 1_500,
  probeTimeoutMs: { dynamodb: 1_000, queue: 1_000, cache: 250 },
} as const;
/** One attempt at the partner API; retries stay inside service.partner.budgetMs. */
export const partnerCalls = {
  connectTimeoutMs: 300,
  requestTimeoutMs: 1_000,
  maxAttempts: 3,
} as const satisfies CallTimeouts;
/** Workers are not on a request path: a little more patience per call, still bounded. */
export const workerSdk = {
  connectTimeoutMs: 1_000,
  requestTimeoutMs: 3_000,
  maxAttempts: 3,
} as const;
