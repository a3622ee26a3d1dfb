/**
 * What API Gateway checks of a request before it invokes the function, derived from the
 * route's schemas: the body's model, and the parameters it requires. The stack declares
 * them (lib/constructs/api.ts), the local gateway enforces them (local/gateway).
 */
import type { RouteSpec } from '../description/types';
import { queryParameters, requestModel, type JsonSchema } from './json-schemas';

type RouteRequest = Pick<RouteSpec, 'path' | 'body' | 'query'>;

/** The method's request parameters as API Gateway names them, each with whether it is required. */
export function methodRequestParameters(route: RouteRequest): Record<string, boolean> {
  const parameters: Record<string, boolean> = {};
  for (const name of pathParameterNames(route.path)) {
    parameters[`method.request.path.${name}`] = true;
  }
  for (const { name, required } of route.query ? queryParameters(route.query) : []) {
    parameters[`method.request.querystring.${name}`] = required;
  }
  return parameters;
}

/** The query parameters the route requires (present and not blank). */
export function requiredQueryParameters(route: RouteRequest): string[] {
  if (!route.query) return [];
  return queryParameters(route.query)
    .filter((p) => p.required)
    .map((p) => p.name);
}

/** The model API Gateway validates an `application/json` body against (draft 4). */
export function bodyModel(route: RouteRequest): JsonSchema | undefined {
  return route.body ? requestModel(route.body) : undefined;
}

export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}
