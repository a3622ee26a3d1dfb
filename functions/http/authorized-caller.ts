import type { Caller } from '../domain/caller';
import type { HttpEvent } from './http-event';
import { HttpProblem } from './http-problem';

/**
 * The signed-in caller of a route with `auth: 'user'`: the subject of the token
 * API Gateway's Cognito authorizer (or the local gateway) verified, read from
 * `requestContext.authorizer.claims`. Nothing in the request body or headers
 * can name it.
 *
 * A request without claims never passed an authorizer: the route is wired
 * without one. That is answered as a refusal (401), never served anonymously
 * and never a 500.
 */
export function callerOf(event: HttpEvent): Caller {
  const sub = claimOf(event, 'sub');
  if (typeof sub !== 'string' || sub.length === 0) {
    throw new HttpProblem(
      401,
      'Unauthorized',
      'This route needs a signed-in user, and the request carries no verified identity.',
      [],
      { 'www-authenticate': 'Bearer' },
    );
  }
  return { userId: sub };
}

/** One claim of the token the authorizer verified; undefined without one. */
export function claimOf(event: HttpEvent, name: string): unknown {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  return claims && typeof claims === 'object'
    ? (claims as Record<string, unknown>)[name]
    : undefined;
}
