import type { InvokeOutcome } from './invocation';

/** One Lambda REPORT line's fields, as CloudWatch Logs Insights reads them. */
export interface ReportRecord {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on a cold start only. */
  readonly initDurationMs?: number;
  /** `timeout` or `error`; absent when the invocation succeeded. */
  readonly status?: 'timeout' | 'error';
  readonly errorType?: string;
}

/**
 * What Lambda reports of one invocation. A failed invocation has status `timeout`, or
 * `error` with its error type (locally also for an error the handler threw, so the
 * dashboard counts Errors from reports alone). Durations are rounded as the line shows them.
 */
export function reportRecord(
  report: {
    readonly requestId: string;
    readonly durationMs: number;
    readonly initMs?: number;
    readonly maxMemoryMb: number;
    readonly outcome: InvokeOutcome;
  },
  memorySizeMb: number,
): ReportRecord {
  const { outcome } = report;
  const durationMs = round2(report.durationMs);
  return {
    requestId: report.requestId,
    durationMs,
    billedDurationMs: Math.max(1, Math.ceil(report.durationMs)),
    memorySizeMb,
    maxMemoryUsedMb: report.maxMemoryMb,
    ...(report.initMs !== undefined ? { initDurationMs: round2(report.initMs) } : {}),
    ...(outcome.ok
      ? {}
      : outcome.timedOut
        ? { status: 'timeout' as const }
        : { status: 'error' as const, errorType: outcome.errorType }),
  };
}

/** Lambda's REPORT line: `REPORT RequestId: … \tDuration: 1.23 ms\t…`. */
export function reportLine(record: ReportRecord): string {
  const fields = [
    `REPORT RequestId: ${record.requestId}`,
    `Duration: ${record.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${record.billedDurationMs} ms`,
    `Memory Size: ${record.memorySizeMb} MB`,
    `Max Memory Used: ${record.maxMemoryUsedMb} MB`,
  ];
  if (record.initDurationMs !== undefined) {
    fields.push(`Init Duration: ${record.initDurationMs.toFixed(2)} ms`);
  }
  if (record.status === 'timeout') fields.push('Status: timeout');
  if (record.status === 'error') fields.push('Status: error', `Error Type: ${record.errorType}`);
  return fields.join('\t');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
