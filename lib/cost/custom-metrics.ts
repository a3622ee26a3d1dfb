/**
 * The custom metrics the functions can publish, as CloudWatch bills them: one
 * metric per distinct name and dimension set. Counted from the metric names
 * (functions/observability/metric-names.ts) and the dimensions each carries:
 * `service` on all, plus `function_name` on the per-function ones and
 * `JobKind` on the job ones.
 */
import { COLD_START_METRIC, MetricName } from '../../functions/observability/metric-names';
import { functions, queueNames, type FunctionName } from '../description';

/** Published per function (Powertools' ColdStart, and `addFunctionMetric`). */
export const perFunctionMetrics: readonly string[] = [
  COLD_START_METRIC,
  MetricName.EventLoopDelayMax,
  MetricName.DeadlineExceeded,
];

/** Published per job kind (`jobMetric`). */
export const perJobKindMetrics: readonly string[] = [
  MetricName.JobsEnqueued,
  MetricName.JobsEnqueueFailed,
  MetricName.JobsSucceeded,
  MetricName.JobsFailed,
  MetricName.JobLatency,
];

/** Every name+dimensions combination, as `Name`, `Name/function`, `Name/kind`. */
export function customMetricSeries(): string[] {
  const split = new Set([...perFunctionMetrics, ...perJobKindMetrics]);
  const serviceWide = Object.values(MetricName).filter((name) => !split.has(name));
  return [
    ...serviceWide,
    ...perFunctionMetrics.flatMap((metric) =>
      (Object.keys(functions) as FunctionName[]).map((fn) => `${metric}/${fn}`),
    ),
    ...perJobKindMetrics.flatMap((metric) => queueNames.map((kind) => `${metric}/${kind}`)),
  ];
}
