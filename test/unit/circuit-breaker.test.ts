import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../functions/domain/circuit-breaker';

function breaker() {
  let clock = 0;
  const b = new CircuitBreaker({ failureThreshold: 3, openMs: 1_000 }, () => clock);
  return { b, advance: (ms: number) => (clock += ms) };
}

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, not before', () => {
    const { b } = breaker();
    expect([b.onFailure(), b.onFailure()]).toEqual([false, false]);
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    expect(b.onFailure()).toBe(true);
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
  });

  it('forgets failures after a success', () => {
    const { b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
  });

  it('half-opens after openMs and lets exactly one probe through', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i += 1) b.onFailure();
    advance(999);
    expect(b.remainingOpenMs()).toBe(1);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.state).toBe('half_open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
  });

  it('opens again for a full period when the probe fails, closes when it succeeds', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i += 1) b.onFailure();
    advance(1_000);
    b.tryAcquire();
    expect(b.onFailure()).toBe(true);
    expect(b.state).toBe('open');
    expect(b.remainingOpenMs()).toBe(1_000);
    advance(1_000);
    expect(b.tryAcquire()).toBe(true);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });
});
