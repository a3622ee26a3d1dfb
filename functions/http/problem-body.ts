import * as z from 'zod/mini';

/**
 * Every error's body, RFC 9457 problem+json: the function's own (problem-response.ts) and
 * API Gateway's (the gateway responses in lib/description/gateway-responses.ts) alike.
 */
export const problemBodySchema = z.object({
  /** `/problems/<slug>`, e.g. `/problems/validation`. */
  type: z.string(),
  title: z.string(),
  status: z.number().check(z.int(), z.gte(400), z.lte(599)),
  detail: z.string(),
  /** The request's path (the function's answers) or API Gateway's request id (its own). */
  instance: z.optional(z.string()),
  /** Each invalid field: a JSON-pointer-like path (`tags/3`) and what is wrong with it. */
  errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
});
export type ProblemBody = Readonly<z.infer<typeof problemBodySchema>>;

/**
 * API Gateway's own answers (a throttle, a missing token, a body its model refuses), as the
 * gateway responses render them (lib/gateway-response-template.ts): no `instance`, the
 * request id instead, and no `status` on the catch-alls.
 */
export const gatewayProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.optional(z.number().check(z.int(), z.gte(400), z.lte(599))),
  detail: z.string(),
  requestId: z.string(),
});
