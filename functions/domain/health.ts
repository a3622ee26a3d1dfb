import type { CheckResult, HealthReport } from './health-answer';

export type { CheckResult, HealthReport };

export const checkStatuses = ['ok', 'failed', 'timeout', 'disabled'] as const;
export type CheckStatus = (typeof checkStatuses)[number];
export const healthStatuses = ['healthy', 'degraded', 'unhealthy'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

export interface Probe {
  /** The key in the report, e.g. `dynamodb`, `cache`, `queue:analytics`. */
  readonly name: string;
  /** A critical dependency failing makes the service unhealthy; any other, degraded. */
  readonly critical: boolean;
  readonly timeoutMs: number;
  /**
   * Absent when the dependency is not configured here: reported as `disabled`.
   * Resolves with a result when it reports what a prober elsewhere recorded
   * (the cache, probed from inside its network).
   */
  readonly check?: (signal: AbortSignal) => Promise<void | CheckResult>;
}

/**
 * Runs every probe at once, each bounded by its own timeout and all by the
 * budget: a probe that hangs is reported as `timeout` and abandoned (its
 * signal aborted), so the report is ready within the budget whatever happens.
 */
export async function checkHealth(
  probes: readonly Probe[],
  budgetMs: number,
): Promise<HealthReport> {
  const results = await Promise.all(
    probes.map(
      async (probe) => [probe, await run(probe, Math.min(probe.timeoutMs, budgetMs))] as const,
    ),
  );
  const bad = (r: CheckResult) => r.status === 'failed' || r.status === 'timeout';
  const status: HealthStatus = results.some(([p, r]) => p.critical && bad(r))
    ? 'unhealthy'
    : results.some(([, r]) => bad(r))
      ? 'degraded'
      : 'healthy';
  return { status, checks: Object.fromEntries(results.map(([p, r]) => [p.name, r])) };
}

async function run(probe: Probe, timeoutMs: number): Promise<CheckResult> {
  if (!probe.check) return { status: 'disabled', latency_ms: 0 };
  const controller = new AbortController();
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const checked = Promise.resolve()
    .then(() => probe.check?.(controller.signal))
    .then(
      (reported) => ({ ok: true as const, reported: reported ?? undefined }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  const outcome = await Promise.race([checked, timedOut]);
  clearTimeout(timer);
  const latency_ms = Math.round(performance.now() - started);
  if (outcome === 'timeout') {
    controller.abort();
    return { status: 'timeout', latency_ms, detail: `no answer within ${timeoutMs} ms` };
  }
  if (outcome.ok) return outcome.reported ?? { status: 'ok', latency_ms };
  return { status: 'failed', latency_ms, detail: errorName(outcome.error) };
}

function errorName(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown } | undefined;
  if (typeof e?.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code)) return e.code;
  if (typeof e?.name === 'string' && e.name !== 'Error') return e.name;
  return 'Error';
}

/** A check another prober ran and recorded, with when. */
export interface RecordedCheck {
  readonly result: CheckResult;
  readonly checkedAt: Date;
}

/**
 * What a recorded check says now: the recorded result while it is fresh;
 * `failed` when there is none yet or the prober has not recorded for
 * `staleAfterMs` (a prober that stopped is itself a fault to report).
 */
export function reportRecorded(
  recorded: RecordedCheck | undefined,
  now: Date,
  staleAfterMs: number,
): CheckResult {
  if (!recorded) return { status: 'failed', latency_ms: 0, detail: 'NotProbedYet' };
  if (now.getTime() - recorded.checkedAt.getTime() > staleAfterMs) {
    return { status: 'failed', latency_ms: 0, detail: 'ProbeStale' };
  }
  return recorded.result;
}
