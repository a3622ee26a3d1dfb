import { GatewayErrors, type GatewayError } from './gateway-responses';
import type { SchemaName } from '../../lib/description';
import { requiredQueryParameters } from '../../lib/contract/gateway-request';
import { fitsModel } from './body-model';
import type { GatewayRoute } from './gateway-route';

/**
 * The request validator the stack attaches to every method (body and
 * parameters), as API Gateway applies it before invoking the function:
 *
 * - every query parameter the route's `query` schema requires must be present
 *   and not blank, else BAD_REQUEST_PARAMETERS naming the missing ones;
 * - a route with a `body` has that schema's model (body-model.ts) for
 *   `application/json`: a body that is not JSON, or does not fit the model, is
 *   BAD_REQUEST_BODY. An empty body is not checked (the function answers it).
 *   A request without a Content-Type is taken as `application/json`; another
 *   content type has no model to check against, so its body goes through and
 *   the function decides (415).
 */
export function validateRequest(
  route: GatewayRoute,
  query: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): GatewayError | undefined {
  const missing = (route.requiredQuery ?? requiredQueryParameters(route))
    .filter((name) => !(query.getAll(name).at(-1) ?? '').trim())
    .sort();
  if (missing.length > 0) return GatewayErrors.badRequestParameters(missing);

  if (route.body && isJson(contentType) && !fitsBody(route.body, body)) {
    return GatewayErrors.badRequestBody();
  }
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType || 'application/json').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function fitsBody(model: SchemaName, body: Buffer): boolean {
  if (body.length === 0) return true;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return false;
  }
  return fitsModel(model, value);
}
