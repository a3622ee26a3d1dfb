import type { BreakerState, CircuitBreaker } from './circuit-breaker';
import type { ExternalDataView } from './external-data-answer';
import { BudgetExhausted, retryWithinBudget, type RetryPolicy } from './retry';

export type { ExternalDataView };

/** `live`: from the partner now; `cache`: a recent answer, no call; `stale`: an older one, the partner failing. */
export const dataSources = ['live', 'cache', 'stale'] as const;
export type DataSource = (typeof dataSources)[number];

/** The partner's last good answer, kept to serve while it is down. */
export interface PartnerSnapshot {
  readonly data: unknown;
  /** Epoch ms. */
  readonly fetchedAt: number;
}

export interface LastGoodStore {
  read(): Promise<PartnerSnapshot | undefined>;
  write(snapshot: PartnerSnapshot): Promise<void>;
}

/** One call to the partner; a failure worth retrying carries `retryable: true`. */
export interface PartnerApi {
  fetch(timeoutMs: number): Promise<unknown>;
}

export interface PartnerPolicy extends RetryPolicy {
  /** A last good answer younger than this is served without calling the partner. */
  readonly freshSeconds: number;
  /** Retry-After when nothing can be served and the breaker is not open. */
  readonly retryAfterSeconds: number;
}

/** What happened, for metrics and logs; none of these may throw. */
export interface ExternalDataEvents {
  /** One attempt ended, after `ms`; with the error when it failed. */
  readonly attempt?: (ms: number, error?: unknown) => void;
  readonly breakerOpened?: () => void;
  readonly storeFailed?: (operation: 'read' | 'write', error: unknown) => void;
}

export interface ExternalDataDeps {
  readonly partner: PartnerApi;
  readonly store: LastGoodStore;
  readonly breaker: CircuitBreaker;
  readonly policy: PartnerPolicy;
  /** Epoch ms by which the partner call, retries included, must be over. */
  readonly deadline: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly events?: ExternalDataEvents;
}

export type ExternalDataAnswer =
  | {
      readonly kind: 'data';
      readonly source: DataSource;
      readonly breaker: BreakerState;
      readonly fetched_at: string;
      readonly age_seconds: number;
      readonly data: unknown;
    }
  | {
      readonly kind: 'unavailable';
      readonly breaker: BreakerState;
      readonly retryAfterSeconds: number;
      readonly reason: string;
    };

/**
 * The partner's data: a recent last good answer as is; otherwise a live call
 * through the breaker with bounded retries, kept as the new last good answer;
 * when that fails or the breaker is open, the last good answer however old,
 * and when there is none, `unavailable` with how long to wait.
 */
export async function externalData(deps: ExternalDataDeps): Promise<ExternalDataAnswer> {
  const now = deps.now ?? Date.now;
  const { breaker, policy, events = {} } = deps;

  let lastGood: PartnerSnapshot | undefined;
  try {
    lastGood = await deps.store.read();
  } catch (error) {
    events.storeFailed?.('read', error);
  }
  if (lastGood && now() - lastGood.fetchedAt < policy.freshSeconds * 1000) {
    return answer('cache', lastGood);
  }

  const fallback = (reason: string): ExternalDataAnswer =>
    lastGood
      ? answer('stale', lastGood)
      : {
          kind: 'unavailable',
          breaker: breaker.state,
          retryAfterSeconds:
            breaker.state === 'open'
              ? Math.max(1, Math.ceil(breaker.remainingOpenMs() / 1000))
              : policy.retryAfterSeconds,
          reason,
        };

  // A half-open probe is one request: the breaker asks whether the partner is back, once.
  const probe = breaker.state === 'half_open';
  if (!breaker.tryAcquire()) {
    return fallback("The partner's circuit breaker is open after repeated failures.");
  }
  let data: unknown;
  try {
    data = await retryWithinBudget(
      async (timeoutMs) => {
        const started = performance.now();
        try {
          const result = await deps.partner.fetch(timeoutMs);
          events.attempt?.(performance.now() - started);
          return result;
        } catch (error) {
          events.attempt?.(performance.now() - started, error);
          throw error;
        }
      },
      probe ? { ...policy, maxAttempts: 1 } : policy,
      { deadline: deps.deadline, now, random: deps.random, sleep: deps.sleep },
    );
  } catch (error) {
    // Our own lack of time says nothing about the partner: the breaker only counts its failures.
    if (error instanceof BudgetExhausted) {
      breaker.release();
      return fallback('There was no time left to call the partner API.');
    }
    if (breaker.onFailure()) events.breakerOpened?.();
    return fallback('The partner API did not answer usefully in time.');
  }
  breaker.onSuccess();
  const snapshot: PartnerSnapshot = { data, fetchedAt: now() };
  try {
    await deps.store.write(snapshot);
  } catch (error) {
    events.storeFailed?.('write', error);
  }
  return answer('live', snapshot);

  function answer(source: DataSource, snapshot: PartnerSnapshot): ExternalDataAnswer {
    return {
      kind: 'data',
      source,
      breaker: breaker.state,
      fetched_at: new Date(snapshot.fetchedAt).toISOString(),
      age_seconds: Math.max(0, Math.floor((now() - snapshot.fetchedAt) / 1000)),
      data: snapshot.data,
    };
  }
}
