/**
 * A fixed-window request counter per caller and route: the window is the
 * current multiple of `windowSeconds`; each request adds one to the window's
 * count, and a count above the limit is refused until the next window.
 */
export interface RequestCounter {
  /** Adds one to the window's count and answers the new count. */
  increment(key: string, windowStart: number, expiresAt: number): Promise<number>;
}

export interface Limit {
  readonly requests: number;
  readonly windowSeconds: number;
}

export type LimitVerdict =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

export async function countRequest(
  counter: RequestCounter,
  key: string,
  limit: Limit,
  now: Date,
): Promise<LimitVerdict> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
  const windowEnd = windowStart + limit.windowSeconds;
  // Kept a window past its end, then DynamoDB's TTL deletes it.
  const count = await counter.increment(key, windowStart, windowEnd + limit.windowSeconds);
  if (count <= limit.requests) return { allowed: true, remaining: limit.requests - count };
  return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
}
