export interface RetryPolicy {
  readonly maxAttempts: number;
  /** Longest single attempt. */
  readonly attemptTimeoutMs: number;
  /** Full jitter: before retry n (1-based) wait random(0, min(maxMs, baseMs * 2^(n-1))). */
  readonly backoff: { readonly baseMs: number; readonly maxMs: number };
  /** An attempt shorter than this is not worth starting. */
  readonly minAttemptMs: number;
}

export interface RetryEnvironment {
  /** Epoch ms by which everything must be over. */
  readonly deadline: number;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Not one attempt could start: the budget was spent before the dependency was asked. */
export class BudgetExhausted extends Error {
  constructor() {
    super('No time left in the budget for a single attempt');
    this.name = 'BudgetExhausted';
  }
}

/** An error worth another attempt (a timeout, a reset, a 5xx) says so. */
export interface MaybeRetryable {
  readonly retryable?: boolean;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the attempts or the
 * time run out. Each attempt gets the smaller of its own timeout and what is
 * left; a retry is only started when its wait and a useful attempt still fit
 * before the deadline. Throws the last error.
 */
export async function retryWithinBudget<T>(
  attempt: (timeoutMs: number, attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  env: RetryEnvironment,
): Promise<T> {
  const now = env.now ?? Date.now;
  const random = env.random ?? Math.random;
  const sleep = env.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let lastError: unknown = new BudgetExhausted();
  for (let n = 1; n <= policy.maxAttempts; n += 1) {
    if (n > 1) {
      const cap = Math.min(policy.backoff.maxMs, policy.backoff.baseMs * 2 ** (n - 2));
      const wait = Math.floor(random() * cap);
      if (env.deadline - now() - wait < policy.minAttemptMs) break;
      await sleep(wait);
    }
    const left = env.deadline - now();
    if (left < policy.minAttemptMs) break;
    try {
      return await attempt(Math.min(policy.attemptTimeoutMs, left), n);
    } catch (error) {
      lastError = error;
      if ((error as MaybeRetryable | undefined)?.retryable !== true) break;
    }
  }
  throw lastError;
}
