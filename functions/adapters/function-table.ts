import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { functions, readEnvironment, type FunctionName } from '../../lib/description';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';
import { documentClient } from './dynamodb-client';

export interface FunctionTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

let current: { name: FunctionName; table: FunctionTable } | undefined;

/**
 * The table as one function sees it: the name its environment gives, and one
 * DynamoDB client per container with the function's SDK limits, shared by
 * every table adapter the function uses (one connection pool, one init), each
 * call counted as `DynamoDBLatency`.
 */
export function functionTable(name: FunctionName): FunctionTable {
  if (current?.name === name) return current.table;
  const tableName = readEnvironment(name).tableName();
  const { metrics } = telemetry(name);
  const client = documentClient(functions[name].sdk, (ms) =>
    metrics.addMetric(MetricName.DynamoDBLatency, MetricUnit.Milliseconds, ms),
  );
  current = { name, table: { client, tableName } };
  return current.table;
}
