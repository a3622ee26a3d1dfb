import type { RouteSpec } from '../../lib/description';

/**
 * A route as the local gateway serves it: the description's routes, or test
 * fixtures whose functions are not in the description (hence a plain name).
 */
export type GatewayRoute = Omit<RouteSpec, 'function' | 'summary' | 'responses' | 'errors'> &
  Partial<Pick<RouteSpec, 'summary' | 'responses' | 'errors'>> & {
    readonly function: string;
    /** Query parameters required without a `query` schema to say so (test fixtures). */
    readonly requiredQuery?: readonly string[];
  };

/** `GET /posts/{id}`: how dashboards and access logs name a route. */
export function routeKey(route: Pick<RouteSpec, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
