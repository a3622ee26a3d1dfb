import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FunctionName } from '../../../lib/description';
import { MetricName } from '../../observability/metric-names';
import { telemetry } from '../../observability/telemetry';

/** Counts `CacheError` and logs a warning: the request itself goes on without the cache. */
export function cacheErrorReporter(
  name: FunctionName,
): (error: unknown, operation: string) => void {
  const { logger, metrics } = telemetry(name);
  return (error, operation) => {
    metrics.addMetric(MetricName.CacheError, MetricUnit.Count, 1);
    logger.warn('cache call failed; carrying on without the cache', {
      operation,
      error: describe(error),
    });
  };
}

/** The error and what caused it (a refused connection, a timeout), on one line. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
