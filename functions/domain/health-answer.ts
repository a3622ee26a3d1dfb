/**
 * The health check's answers as schemas, for the API contract (lib/contract). The
 * function itself only needs their types: it imports this file as types, so neither
 * zod nor the schemas are built at its cold start.
 */
import * as z from 'zod/mini';
import { checkStatuses, healthStatuses } from './health';

export const checkResultSchema = z.object({
  status: z.enum(checkStatuses),
  latency_ms: z.number().check(z.gte(0)),
  /** Why it failed: an error name or code, never a message that could leak internals. */
  detail: z.optional(z.string()),
});
export type CheckResult = Readonly<z.infer<typeof checkResultSchema>>;

/** What anyone may see: the status only. */
export const healthSummarySchema = z.object({ status: z.enum(healthStatuses) });

/** What operators see: every dependency, keyed `dynamodb`, `cache`, `queue:<name>`, .... */
export const healthReportSchema = z.object({
  status: z.enum(healthStatuses),
  checks: z.record(z.string(), checkResultSchema),
});
export type HealthReport = Readonly<z.infer<typeof healthReportSchema>>;
