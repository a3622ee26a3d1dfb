import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { FunctionSpec } from '../../lib/description';

/**
 * The HTTP handler every AWS SDK client of a function uses: keep-alive on, and
 * timeouts that really abort (without `throwOnRequestTimeout` the smithy
 * handler only logs a warning when `requestTimeout` passes).
 */
export function sdkRequestHandler(sdk: FunctionSpec['sdk']): NodeHttpHandler {
  return new NodeHttpHandler({
    connectionTimeout: sdk.connectTimeoutMs,
    requestTimeout: sdk.requestTimeoutMs,
    throwOnRequestTimeout: true,
    httpAgent: { keepAlive: true },
    httpsAgent: { keepAlive: true },
  });
}
