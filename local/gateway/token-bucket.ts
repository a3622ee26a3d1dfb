import type { Throttle } from '../../lib/description';

/**
 * API Gateway's throttle: a token bucket holding up to `burstLimit` tokens,
 * refilled at `rateLimit` per second; a request without a token gets 429.
 * Asking (`hasToken`) and taking (`take`) are separate so that a request
 * refused at one level of the throttle spends no token at another.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly limits: Throttle) {
    this.tokens = limits.burstLimit;
  }

  hasToken(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.limits.burstLimit,
      this.tokens + ((now - this.refilledAt) / 1000) * this.limits.rateLimit,
    );
    this.refilledAt = now;
    return this.tokens >= 1;
  }

  /** Milliseconds until the bucket holds a token again (0 when it holds one now). */
  msUntilToken(): number {
    if (this.hasToken()) return 0;
    return ((1 - this.tokens) / this.limits.rateLimit) * 1000;
  }

  /** Takes a token if there is one. */
  take(): boolean {
    if (!this.hasToken()) return false;
    this.tokens -= 1;
    return true;
  }
}
