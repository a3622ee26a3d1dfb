import { GatewayErrors, type GatewayError } from './gateway-responses';
import type { SchemaName } from '../../lib/description';
import { requiredQueryParameters } from '../../lib/contract/gateway-request';
import { modelErrors } from './body-model';
import type { GatewayRoute } from './gateway-route';

/**
 * The request validator the stack attaches to every method (body and
 * parameters), as API Gateway applies it before invoking the function:
 *
 * - every query parameter the route's `query` schema requires must be present
 *   and not blank, else BAD_REQUEST_PARAMETERS naming the missing ones;
 * - a route with a `body` has that schema's model (body-model.ts) for
 *   `application/json`: a body that is not JSON, or does not fit the model, is
 *   BAD_REQUEST_BODY, whose detail names what it refused. An empty body is not checked (the function answers it).
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

  if (route.body && isJson(contentType)) {
    const refused = bodyErrors(route.body, body);
    if (refused !== undefined) return GatewayErrors.badRequestBody(refused);
  }
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType || 'application/json').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

/** Why the body does not fit the model (`$context.error.validationErrorString`), if it does not. */
function bodyErrors(model: SchemaName, body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return '[the body is not valid JSON]';
  }
  return modelErrors(model, value);
}
