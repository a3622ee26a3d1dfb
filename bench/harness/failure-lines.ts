/**
 * Whether a line a function wrote says something failed: a log line at ERROR or WARN
 * (Powertools' JSON), or an EMF line with a metric named for a failure (JobsEnqueueFailed).
 * A benchmark that times a function taking such a path times the failure, not the function:
 * the cold and overhead benchmarks stop on one.
 */
export function saysFailure(line: string): boolean {
  if (/"level":"(ERROR|WARN)"/.test(line)) return true;
  if (!line.startsWith('{"_aws"')) return false;
  const emf = JSON.parse(line) as {
    _aws?: { CloudWatchMetrics?: { Metrics?: { Name: string }[] }[] };
  };
  return (emf._aws?.CloudWatchMetrics ?? []).some((set) =>
    (set.Metrics ?? []).some((metric) => /Fail|Error/.test(metric.Name)),
  );
}

/** The lines of a function's output that say something failed (`saysFailure`). */
export function failureLines(output: string): string[] {
  return output.split('\n').filter(saysFailure);
}

/** Stops a benchmark whose subject reported failures while it was measured. */
export function refuseFailures(subject: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  throw new Error(
    `${subject} reported ${lines.length} failures while measured, e.g.:\n${lines.slice(0, 3).join('\n').slice(0, 2_000)}`,
  );
}
