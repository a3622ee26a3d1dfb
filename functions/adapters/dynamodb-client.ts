import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readEnvironment, type FunctionSpec } from '../../lib/description';
import { lambdaCredentials } from './lambda-credentials';
import { sdkRequestHandler } from './sdk-request-handler';

/**
 * One client per container (module scope of the caller), keep-alive on, and
 * timeouts that really abort: without `throwOnRequestTimeout` the smithy
 * handler only logs a warning when `requestTimeout` passes.
 */
export function documentClient(
  sdk: FunctionSpec['sdk'],
  onLatency?: (ms: number) => void,
): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: sdk.maxAttempts,
    credentials: lambdaCredentials,
    // Set by the local runtime (dynalite); unset in the cloud.
    endpoint: readEnvironment().endpoint('dynamodb'),
    requestHandler: sdkRequestHandler(sdk),
  });
  if (onLatency) {
    // Around the whole call, retries included: what the request waited.
    client.middlewareStack.add(
      (next) => async (args) => {
        const started = performance.now();
        try {
          return await next(args);
        } finally {
          onLatency(performance.now() - started);
        }
      },
      { step: 'initialize', name: 'latencyMetric' },
    );
  }
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
