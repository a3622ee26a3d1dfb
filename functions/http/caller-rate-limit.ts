import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  functions,
  routes,
  service,
  type CallerLimit,
  type FunctionName,
} from '../../lib/description';
import { RequestCountersTable } from '../adapters/request-counters-table';
import { countRequest, RefusedCallers, type RequestCounter } from '../domain/caller-limit';
import type { Telemetry } from '../observability/telemetry';
import { bindSignal } from '../pipeline/with-signal';
import { claimOf } from './authorized-caller';
import type { HttpEvent, HttpResult } from './http-event';
import { HttpProblem } from './http-problem';

/**
 * The route's per-caller limit (`callerLimit` in lib/description/routes.ts),
 * checked before the handler runs: the signed-in caller's requests in the
 * current window are counted in the table, and one over the limit is
 * answered 429 problem+json with Retry-After (the seconds to the next
 * window); the container remembers the refusal, so the caller's further
 * requests in that window are refused without another write. A caller's
 * burst is refused here, by its own counter, so it never uses up what
 * other callers get. A counter that cannot be reached lets the
 * request through (logged): the limit protects other callers' share, and a
 * refusal of everyone would be the outage it exists to prevent.
 *
 * It runs before the handler, outside middy's deadline, so the count has its
 * own bound (`callerCountBudgetMs`, never past the deadline): a table that
 * hangs costs the request that much, and the request goes on uncounted.
 */
export function callerRateLimit(
  name: string,
  tools: Telemetry,
  counterFor: (name: FunctionName) => RequestCounter = (n) => RequestCountersTable.forFunction(n),
): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const limited = routes.filter((r) => r.function === name && r.callerLimit);
  let counter: RequestCounter | undefined;
  // For the container's life: a caller refused in a window is refused again without a write.
  const refused = new RefusedCallers();
  return {
    before: async (request) => {
      // The route of this request (a function may serve more than one).
      const { httpMethod, resource } = request.event;
      const route = limited.find((r) => r.method === httpMethod && r.path === resource);
      const limit: CallerLimit | undefined = route?.callerLimit;
      if (!route || !limit) return;
      const routeKey = `${route.method} ${route.path}`;
      const sub = claimOf(request.event, 'sub');
      // No verified caller: the handler answers 401 itself (authorized-caller.ts).
      if (typeof sub !== 'string' || sub.length === 0) return;
      let verdict;
      const margin = functions[route.function as FunctionName]?.deadlineMarginMs ?? 0;
      const left = request.context.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const budget = Math.max(0, Math.min(service.limits.callerCountBudgetMs, left - margin));
      try {
        counter ??= counterFor(route.function);
        const bounded = bindSignal(counter, AbortSignal.timeout(budget));
        verdict = await countRequest(bounded, `${routeKey}#${sub}`, limit, new Date(), refused);
      } catch (error) {
        tools.logger.warn('caller limit not checked: the counter failed', {
          error: error as Error,
        });
        return;
      }
      if (verdict.allowed) return;
      throw new HttpProblem(
        429,
        'Too Many Requests',
        `At most ${limit.requests} requests every ${limit.windowSeconds} s to ${routeKey} per user; retry after ${verdict.retryAfterSeconds} s.`,
        [],
        { 'retry-after': String(verdict.retryAfterSeconds) },
      );
    },
  };
}
