export const breakerStates = ['closed', 'open', 'half_open'] as const;
export type BreakerState = (typeof breakerStates)[number];

export interface BreakerPolicy {
  /** Consecutive failed calls that open the breaker. */
  readonly failureThreshold: number;
  /** How long it stays open before letting one probe through. */
  readonly openMs: number;
}

/**
 * A circuit breaker for one dependency, per container: closed lets calls
 * through; `failureThreshold` failures in a row open it; open refuses calls
 * until `openMs` has passed; then half-open lets exactly one probe through,
 * which closes it on success or opens it again on failure.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | undefined;
  private probing = false;

  constructor(
    private readonly policy: BreakerPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.policy.openMs ? 'half_open' : 'open';
  }

  /** May a call go out now? In half-open, only the first caller gets to probe. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.probing = true;
    return true;
  }

  /** The call acquired was never made: a half-open probe slot is free again. */
  release(): void {
    this.probing = false;
  }

  onSuccess(): void {
    this.failures = 0;
    this.openedAt = undefined;
    this.probing = false;
  }

  /** Records a failed call; true when this failure opened the breaker. */
  onFailure(): boolean {
    const wasProbe = this.probing;
    this.probing = false;
    this.failures += 1;
    if (
      wasProbe ||
      (this.openedAt === undefined && this.failures >= this.policy.failureThreshold)
    ) {
      this.openedAt = this.now();
      return true;
    }
    return false;
  }

  /** Until it lets a probe through; 0 unless open. */
  remainingOpenMs(): number {
    if (this.state !== 'open' || this.openedAt === undefined) return 0;
    return Math.max(0, this.openedAt + this.policy.openMs - this.now());
  }
}
