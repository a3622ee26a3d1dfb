import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { setMaxListeners } from 'node:events';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { functions, service, type FunctionName, type FunctionSpec } from '../../lib/description';
import { deadlineMetric } from '../observability/deadline-metric';
import { eventLoopMonitor } from '../observability/event-loop-monitor';
import { telemetry, type Telemetry } from '../observability/telemetry';

/** What every handler gets besides its event. */
export interface Invocation extends Telemetry {
  /**
   * Aborts at the function's deadline (`deadlineMarginMs` before Lambda's
   * timeout). Hand it to every call that waits on something else (SDK, HTTP),
   * so the work stops there instead of running on to its own timeout.
   */
  readonly signal: AbortSignal;
  readonly context: Context;
}

/** The kinds of function the service has; each is an event shape plus options on top. */
export type PipelineKind = 'http' | 'job-batch' | 's3-event-batch' | 'schedule';

export type Work<E, R> = (event: E, invocation: Invocation) => Promise<R>;

export interface PipelineOptions<E, R> {
  readonly kind: PipelineKind;
  /** Behaviour of the kind (HTTP answers, batch responses), used after the common middlewares. */
  readonly middlewares?: readonly middy.MiddlewareObj<E, R, Error, Context>[];
  /** A function that is not in the description (a test's): its spec is given. */
  readonly spec?: FunctionSpec;
}

export type LambdaPipeline<E, R> = middy.MiddyfiedHandler<E, R, Error, Context> & {
  readonly [builtBy]: { readonly name: string; readonly kind: PipelineKind };
};

const builtBy = Symbol.for('posts-api.lambda-pipeline');

/**
 * The one pipeline every function runs, whatever its trigger: Powertools
 * Logger (context injected, keys reset per invocation) and Metrics (cold
 * start, flushed as EMF), the deadline `deadlineMarginMs` before Lambda's
 * timeout (middy's `timeoutEarlyInMillis`: the signal aborts, and the kind's
 * middlewares decide the answer), `DeadlineExceeded` counted, and the event
 * loop watched for stalls (`EventLoopDelayMax`).
 */
export function lambdaPipeline<E, R>(
  name: string,
  work: Work<E, R>,
  options: PipelineOptions<E, R>,
): LambdaPipeline<E, R> {
  const spec = options.spec ?? functions[name as FunctionName];
  if (!spec) throw new Error(`${name} is not a function in the service description`);
  const tools = telemetry(name);
  const { logger, metrics } = tools;
  const handler = middy<E, R, Error, Context>({ timeoutEarlyInMillis: spec.deadlineMarginMs })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(
      eventLoopMonitor({
        functionName: name,
        handler: spec.entry,
        budgetMs: spec.blockingBudgetMs ?? service.observability.blockingBudgetMs,
        logger,
        metrics,
      }),
    )
    .use(deadlineMetric(metrics));
  for (const middleware of options.middlewares ?? []) handler.use(middleware);
  handler.handler((event, context, { signal }) => {
    // Every SDK and HTTP call in flight listens on the signal (and stops listening when it
    // ends): a few dozen at once is a busy invocation, not a leak.
    setMaxListeners(64, signal);
    return work(event, { ...tools, signal, context });
  });
  return Object.assign(handler, { [builtBy]: { name, kind: options.kind } });
}

/** Which function and kind the pipeline factory built this handler for; undefined if it did not. */
export function pipelineOf(handler: unknown): { name: string; kind: PipelineKind } | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as Partial<LambdaPipeline<unknown, unknown>>)[builtBy];
}
