import type { Metrics } from '@aws-lambda-powertools/metrics';
import { FUNCTION_DIMENSION } from './metric-names';

const byMetrics = new WeakMap<Metrics, Metrics>();

/**
 * Metrics published at once with the function's name as a dimension (as
 * Powertools publishes ColdStart), for what is read per function: event-loop
 * stalls, deadlines. The shared instance keeps only `service`, so the
 * business metrics aggregate across functions as before.
 */
export function functionMetrics(metrics: Metrics, functionName: string): Metrics {
  let single = byMetrics.get(metrics);
  if (!single) {
    single = metrics.singleMetric();
    single.setDefaultDimensions({ [FUNCTION_DIMENSION]: functionName });
    byMetrics.set(metrics, single);
  }
  return single;
}
