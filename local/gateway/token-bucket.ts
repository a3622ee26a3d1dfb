import type { Throttle } from '../../lib/description';

/**
 * API Gateway's throttle: a token bucket holding up to `burstLimit` tokens,
 * refilled at `rateLimit` per second; a request without a token gets 429.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt = performance.now();

  constructor(private readonly limits: Throttle) {
    this.tokens = limits.burstLimit;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(
      this.limits.burstLimit,
      this.tokens + ((now - this.refilledAt) / 1000) * this.limits.rateLimit,
    );
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
