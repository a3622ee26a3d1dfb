import { Logger } from '@aws-lambda-powertools/logger';
import { service } from '../../lib/description';
import { InvocationMetrics } from './invocation-metrics';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: InvocationMetrics;
}

let current: { name: string; tools: Telemetry } | undefined;

/**
 * Logger and Metrics for the function running in this container, named from
 * the service description. One pair per container: adapters that report
 * latencies and the handler pipeline that flushes them share it.
 */
export function telemetry(name: string): Telemetry {
  if (current?.name !== name) current = { name, tools: create(name) };
  return current.tools;
}

function create(name: string): Telemetry {
  return {
    logger: new Logger({ serviceName: service.name, persistentKeys: { function: name } }),
    metrics: new InvocationMetrics({
      namespace: service.metricsNamespace,
      serviceName: service.name,
      functionName: name,
    }),
  };
}
