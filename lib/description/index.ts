/**
 * The one description of the service, as plain data split by concern: the
 * CDK stack builds the cloud from it and the local runtime emulates the same
 * thing from it, so the two cannot drift. Nothing here imports CDK or the AWS
 * SDK. The domain imports `limits.ts` only. The dashboard and the alarms
 * (`dashboard.ts`, `alarms.ts`, `metric-types.ts`) are not re-exported here:
 * only the stack, the local dashboard and the tools read them, and every
 * function bundle imports this index, so re-exporting them would build the
 * dashboard at every cold start.
 */
import { auth } from './auth';
import { functions } from './functions';
import { cache, health, jobs, media, partner, requestLimits } from './limits';
import { local } from './local';
import { logRetentionDays, metricsNamespace, observability } from './observability';
import { queues } from './queues';
import { routes } from './routes';
import { stage } from './stage';
import { table } from './table';
import type { Description } from './types';

export * from './auth';
export * from './call-timeouts';
export * from './contract';
export * from './environment';
export * from './environment-reader';
export * from './environment-variables';
export * from './functions';
export * from './gateway-responses';
export * from './limits';
export * from './local';
export * from './observability';
export * from './queues';
export * from './routes';
export * from './stage';
export * from './table';
export type * from './types';

/** The service's settings under one name, as the stack, the local cloud and the scripts read them. */
export const service = {
  name: 'posts-api',
  metricsNamespace,
  api: stage,
  table,
  limits: requestLimits,
  media,
  cache,
  partner,
  health,
  logRetentionDays,
  auth,
  observability,
  jobs,
  local,
} as const;

/** The typed description the guardrails check (lib/timeout-budget.ts, lib/worker-concurrency.ts). */
export const description: Description = { functions, routes, queues, api: stage };
