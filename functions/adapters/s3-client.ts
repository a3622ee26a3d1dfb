import { S3Client } from '@aws-sdk/client-s3';
import { readEnvironment, type FunctionSpec } from '../../lib/description';
import { lambdaCredentials } from './lambda-credentials';
import { sdkRequestHandler } from './sdk-request-handler';

/**
 * One S3 client per container: keep-alive on, timeouts that really abort.
 * Locally the endpoint is the emulator's, addressed path-style
 * (`http://127.0.0.1:4569/<bucket>/<key>`); in the cloud, S3's own.
 */
export function s3Client(sdk: FunctionSpec['sdk']): S3Client {
  const endpoint = readEnvironment().endpoint('s3');
  return new S3Client({
    maxAttempts: sdk.maxAttempts,
    credentials: lambdaCredentials,
    endpoint,
    forcePathStyle: endpoint !== undefined,
    requestHandler: sdkRequestHandler(sdk),
  });
}
