import { SQSClient } from '@aws-sdk/client-sqs';
import { readEnvironment, type FunctionSpec } from '../../lib/description';
import { lambdaCredentials } from './lambda-credentials';
import { sdkRequestHandler } from './sdk-request-handler';

/**
 * One SQS client per container, keep-alive on, with timeouts that really
 * abort (see dynamodb-client.ts). Locally the queue service's endpoint comes
 * from `AWS_ENDPOINT_URL_SQS`; in the cloud it is unset.
 */
export function sqsClient(sdk: FunctionSpec['sdk']): SQSClient {
  return new SQSClient({
    maxAttempts: sdk.maxAttempts,
    credentials: lambdaCredentials,
    endpoint: readEnvironment().endpoint('sqs'),
    requestHandler: sdkRequestHandler(sdk),
  });
}
