import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import { isDeadlineExceeded } from './deadline-exceeded';
import { functionMetrics } from './function-metrics';
import { MetricName } from './metric-names';

/**
 * Counts `DeadlineExceeded` (per function) each time the handler's own
 * deadline stops an invocation: the request is answered 504 (or the job
 * retried), not killed by Lambda, but it still did not finish.
 */
export function deadlineMetric(
  metrics: Metrics,
  functionName: string,
): middy.MiddlewareObj<unknown, unknown, Error> {
  return {
    onError: (request) => {
      if (isDeadlineExceeded(request.error)) {
        functionMetrics(metrics, functionName).addMetric(
          MetricName.DeadlineExceeded,
          MetricUnit.Count,
          1,
        );
      }
    },
  };
}
