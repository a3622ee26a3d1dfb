import type { FunctionSpec } from '../../lib/description';
import type { GatewayRoute } from '../../local/gateway/gateway-route';

/**
 * A test-only function: a handler under `test/fixtures/functions/`, with the
 * limits a test needs. The local cloud bundles, pools and routes it exactly
 * like the description's functions.
 */
export function fixture(file: string, limits: Partial<FunctionSpec> = {}): FunctionSpec {
  return {
    entry: file.includes('/') ? file : `test/fixtures/functions/${file}.ts`,
    description: `test fixture ${file}`,
    memoryMb: 256,
    timeoutSeconds: 5,
    deadlineMarginMs: 0,
    sdk: { connectTimeoutMs: 1_000, requestTimeoutMs: 1_000, maxAttempts: 1 },
    tableActions: [],
    ...limits,
  };
}

export function route(
  method: GatewayRoute['method'],
  path: string,
  fn: string,
  extra: Partial<GatewayRoute> = {},
): GatewayRoute {
  return { method, path, function: fn, ...extra };
}
