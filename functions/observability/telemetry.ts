import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { service, type FunctionName } from '../../lib/service';

export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Logger and Metrics for one function, named from the service description. */
export function telemetry(name: FunctionName): Telemetry {
  return {
    logger: new Logger({ serviceName: service.name, persistentKeys: { function: name } }),
    metrics: new Metrics({
      namespace: service.metricsNamespace,
      serviceName: service.name,
      functionName: name,
    }),
  };
}
