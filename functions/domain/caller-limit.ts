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

/**
 * The callers refused in their current window, remembered where the counting runs (a
 * container). A window's count only grows, so a caller refused once is refused for the rest
 * of that window whatever the counter says: remembering it answers a flood of refusals
 * without a counter write each (a write per refused request is what a flood would cost the
 * table). Entries end with their window.
 */
export class RefusedCallers {
  private readonly windowEnds = new Map<string, number>();

  /** The end of `key`'s window (epoch seconds) if it was refused in it, else undefined. */
  refusedUntil(key: string, nowSeconds: number): number | undefined {
    const end = this.windowEnds.get(key);
    if (end === undefined) return undefined;
    if (end > nowSeconds) return end;
    this.windowEnds.delete(key);
    return undefined;
  }

  remember(key: string, windowEnd: number, nowSeconds: number): void {
    // Bounded by the callers refused in one window: the ended ones go when it grows.
    if (this.windowEnds.size >= 1_000) {
      for (const [other, end] of this.windowEnds)
        if (end <= nowSeconds) this.windowEnds.delete(other);
    }
    this.windowEnds.set(key, windowEnd);
  }
}

export async function countRequest(
  counter: RequestCounter,
  key: string,
  limit: Limit,
  now: Date,
  refused?: RefusedCallers,
): Promise<LimitVerdict> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const refusedUntil = refused?.refusedUntil(key, nowSeconds);
  if (refusedUntil !== undefined) {
    return { allowed: false, retryAfterSeconds: Math.max(1, refusedUntil - nowSeconds) };
  }
  const windowStart = nowSeconds - (nowSeconds % limit.windowSeconds);
  const windowEnd = windowStart + limit.windowSeconds;
  // Kept a window past its end, then DynamoDB's TTL deletes it.
  const count = await counter.increment(key, windowStart, windowEnd + limit.windowSeconds);
  if (count <= limit.requests) return { allowed: true, remaining: limit.requests - count };
  refused?.remember(key, windowEnd, nowSeconds);
  return { allowed: false, retryAfterSeconds: Math.max(1, windowEnd - nowSeconds) };
}
