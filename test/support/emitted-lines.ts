import { vi } from 'vitest';

export interface EmfRecord {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

/**
 * What a handler writes (Powertools' EMF metrics on stdout, its JSON logs on
 * stdout and, from WARN up, stderr; in Lambda both reach CloudWatch Logs),
 * captured instead of printed.
 */
export function captureOutput() {
  const lines: string[] = [];
  const capture = (chunk: unknown) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(capture),
    vi.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  const records = () =>
    lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  return {
    lines,
    restore: () => spies.forEach((spy) => spy.mockRestore()),
    clear: () => lines.splice(0),
    /** EMF records that carry the named metric. */
    metric: (name: string): EmfRecord[] =>
      records().filter((r): r is EmfRecord =>
        ((r as Partial<EmfRecord>)._aws?.CloudWatchMetrics ?? []).some((d) =>
          d.Metrics.some((m) => m.Name === name),
        ),
      ),
    /** JSON log lines at a level (Powertools Logger). */
    logs: (level: string) => records().filter((r) => r.level === level),
  };
}
