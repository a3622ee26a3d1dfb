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
