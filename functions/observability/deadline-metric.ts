import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import { isDeadlineExceeded } from './deadline-exceeded';
import type { InvocationMetrics } from './invocation-metrics';
import { MetricName } from './metric-names';

/**
 * Counts `DeadlineExceeded` (per function) each time the handler's own
 * deadline stops an invocation: the request is answered 504 (or the job
 * retried), not killed by Lambda, but it still did not finish.
 */
export function deadlineMetric(
  metrics: InvocationMetrics,
): middy.MiddlewareObj<unknown, unknown, Error> {
  return {
    onError: (request) => {
      if (isDeadlineExceeded(request.error)) {
        metrics.addFunctionMetric(MetricName.DeadlineExceeded, MetricUnit.Count, 1);
      }
    },
  };
}
