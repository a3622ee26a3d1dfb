/** One Lambda REPORT line, as CloudWatch Logs Insights reads its fields. */
export interface ReportRecord {
  readonly requestId: string;
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present on a cold start only. */
  readonly initDurationMs?: number;
  /** `timeout` or `error`; absent when the invocation succeeded. */
  readonly status?: string;
  readonly errorType?: string;
}

/**
 * Parses `REPORT RequestId: … \tDuration: 1.23 ms\t…`, or returns undefined
 * for any other line.
 */
export function parseReportLine(line: string): ReportRecord | undefined {
  if (!line.startsWith('REPORT RequestId: ')) return undefined;
  const fields = new Map<string, string>();
  for (const part of line.slice('REPORT '.length).split('\t')) {
    const colon = part.indexOf(':');
    if (colon > 0) fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
  }
  const number = (name: string) => {
    const value = fields.get(name);
    const parsed = value === undefined ? NaN : Number.parseFloat(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  };
  const requestId = fields.get('RequestId');
  const durationMs = number('Duration');
  if (!requestId || durationMs === undefined) return undefined;
  const initDurationMs = number('Init Duration');
  const status = fields.get('Status');
  const errorType = fields.get('Error Type');
  return {
    requestId,
    durationMs,
    billedDurationMs: number('Billed Duration') ?? Math.ceil(durationMs),
    memorySizeMb: number('Memory Size') ?? 0,
    maxMemoryUsedMb: number('Max Memory Used') ?? 0,
    ...(initDurationMs !== undefined ? { initDurationMs } : {}),
    ...(status ? { status } : {}),
    ...(errorType ? { errorType } : {}),
  };
}
