import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import {
  COLD_START_METRIC,
  FUNCTION_DIMENSION,
  type MetricName,
} from '../../functions/observability/metric-names';
import { functions, service, type TableAction } from '../description';

/** Dashboards read at one minute, the finest Lambda and API Gateway give by default. */
export const PERIOD = Duration.minutes(1);

/**
 * A custom metric the handlers publish through Powertools (namespace and
 * `service` from the description). Business and downstream metrics carry only
 * `service`; per-function ones (ColdStart, EventLoopDelayMax,
 * DeadlineExceeded) also `function_name`, the function's name in the description.
 */
export function customMetric(
  name: MetricName | typeof COLD_START_METRIC,
  statistic: string,
  options: { functionName?: string; label?: string } = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: service.metricsNamespace,
    metricName: name,
    dimensionsMap: {
      service: service.name,
      ...(options.functionName ? { [FUNCTION_DIMENSION]: options.functionName } : {}),
    },
    statistic,
    period: PERIOD,
    ...(options.label ? { label: options.label } : {}),
  });
}

/** DynamoDB operations the functions may call, from their `tableActions`. */
export function tableOperations(): string[] {
  const metered = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan']);
  const actions = Object.values(functions).flatMap((spec) => spec.tableActions as TableAction[]);
  return [...new Set(actions.map((a) => a.replace(/^dynamodb:/, '')))].filter((op) =>
    metered.has(op),
  );
}

/** Read and write throttle events on the table and on each of its indexes. */
export function tableThrottleMetrics(
  table: dynamodb.ITable,
  period: Duration = PERIOD,
): cloudwatch.Metric[] {
  const scopes: { label: string; dims: Record<string, string> }[] = [
    { label: 'table', dims: { TableName: table.tableName } },
    ...Object.keys(service.table.indexes).map((index) => ({
      label: index,
      dims: { TableName: table.tableName, GlobalSecondaryIndexName: index },
    })),
  ];
  return scopes.flatMap(({ label, dims }) =>
    (['Read', 'Write'] as const).map(
      (kind) =>
        new cloudwatch.Metric({
          namespace: 'AWS/DynamoDB',
          metricName: `${kind}ThrottleEvents`,
          dimensionsMap: dims,
          statistic: 'Sum',
          period,
          label: `${kind.toLowerCase()} throttles (${label})`,
        }),
    ),
  );
}

/** One expression summing several metrics, missing points counted as 0. */
export function sumOf(
  metrics: readonly cloudwatch.IMetric[],
  label: string,
  period: Duration = PERIOD,
): cloudwatch.MathExpression {
  const usingMetrics = Object.fromEntries(metrics.map((m, i) => [`m${i}`, m]));
  return new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    label,
    period,
  });
}
