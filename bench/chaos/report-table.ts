import type { ChaosResult } from './chaos-run';

/** Rows of cells as an aligned plain-text table (also valid Markdown). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The run's audit table, then what each fault showed, then the totals. */
export function formatReport(result: ChaosResult): string {
  const t = result.totals;
  return [
    table(
      ['check', 'expected', 'measured', 'ok'],
      result.checks.map((c) => [c.check, c.expected, c.measured, c.ok ? 'yes' : 'NO']),
    ),
    '',
    table(
      [
        'fault',
        's',
        'answers',
        '503+Retry-After',
        'cached/stale 200',
        'network errors',
        'other 5xx',
        'what happened',
      ],
      result.faults.map((f) => [
        f.fault,
        f.seconds.toFixed(1),
        String(f.answers),
        String(f.unavailable),
        String(f.cachedOrStale),
        String(f.networkErrors),
        String(f.unexpected5xx),
        f.note,
      ]),
    ),
    '',
    `${t.requests} requests; ${t.posts} posts (${t.postsFailed} failed), ${t.jobs} analyses ` +
      `(${t.jobsFailed} failed), ${t.uploads} uploads; ${t.deliveries} webhook deliveries ` +
      `(${t.duplicateDeliveries} duplicates); ` +
      (result.settledSeconds !== undefined
        ? `all terminal ${result.settledSeconds} s after the last fault`
        : 'NOT all terminal') +
      ` (bound ${result.settleBoundSeconds} s); cache: ${result.cache}; ${result.durationSeconds} s in all.`,
    result.ok ? 'PASS' : 'FAIL',
  ].join('\n');
}
