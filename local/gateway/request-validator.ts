import { GatewayErrors, type GatewayError } from './gateway-responses';
import type { GatewayRoute } from './gateway-route';

/**
 * The request validator the stack attaches to every method (body and
 * parameters), as API Gateway applies it before invoking the function:
 *
 * - every query parameter the route marks required must be present and not
 *   blank, else BAD_REQUEST_PARAMETERS naming the missing ones;
 * - a `jsonBody` route has the `JsonObject` model (`{"type": "object"}`) for
 *   `application/json`: a body that is not JSON, or is JSON but not an
 *   object, is BAD_REQUEST_BODY. An empty body validates as `{}` (and the
 *   function sees no body). A request without a Content-Type is taken as
 *   `application/json`; another content type has no model to check against,
 *   so its body goes through and the function decides (415).
 */
export function validateRequest(
  route: GatewayRoute,
  query: URLSearchParams,
  contentType: string | undefined,
  body: Buffer,
): GatewayError | undefined {
  const missing = Object.entries(route.queryParameters ?? {})
    .filter(([name, required]) => required && !(query.getAll(name).at(-1) ?? '').trim())
    .map(([name]) => name)
    .sort();
  if (missing.length > 0) return GatewayErrors.badRequestParameters(missing);

  if (route.jsonBody && isJson(contentType) && !isJsonObject(body)) {
    return GatewayErrors.badRequestBody();
  }
  return undefined;
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType || 'application/json').split(';')[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}

function isJsonObject(body: Buffer): boolean {
  if (body.length === 0) return true;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
