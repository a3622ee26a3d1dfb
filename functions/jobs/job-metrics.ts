import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { JobKind } from '../domain/job';
import type { MetricName } from '../observability/metric-names';

/** The dimension every job metric carries. */
export const JOB_KIND_DIMENSION = 'JobKind';

/**
 * One metric with its own JobKind dimension, written at once: a function
 * that enqueues several kinds (createPost) must not put one kind's dimension
 * on the other's metrics.
 */
export function jobMetric(
  metrics: Metrics,
  name: MetricName,
  kind: JobKind,
  value = 1,
  unit: (typeof MetricUnit)[keyof typeof MetricUnit] = MetricUnit.Count,
): void {
  const single = metrics.singleMetric();
  single.addDimension(JOB_KIND_DIMENSION, kind);
  single.addMetric(name, unit, value);
}
