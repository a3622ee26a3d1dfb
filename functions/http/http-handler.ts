import type { Context } from 'aws-lambda';
import type { FunctionName, FunctionSpec } from '../../lib/description';
import { httpOptions } from '../pipeline/http-options';
import { lambdaPipeline, type Invocation, type LambdaPipeline } from '../pipeline/lambda-pipeline';
import { telemetry } from '../observability/telemetry';
import { answerHeaders } from './answer-headers';
import { callerRateLimit } from './caller-rate-limit';
import type { HttpEvent, HttpResult } from './http-event';

export type Route = (event: HttpEvent, tools: Invocation, context: Context) => Promise<HttpResult>;
export type HttpLambda = LambdaPipeline<HttpEvent, HttpResult>;

/**
 * An API function: the one Lambda pipeline with the HTTP options (lambda-pipeline.ts),
 * the headers every answer carries (answer-headers.ts) and the route's per-caller
 * limit (caller-rate-limit.ts), checked last before the handler.
 */
export function httpHandler(name: FunctionName, route: Route): HttpLambda;
/** A function that is not in the description (a test's): its spec is given. */
export function httpHandler(name: string, route: Route, spec: FunctionSpec): HttpLambda;
export function httpHandler(name: string, route: Route, spec?: FunctionSpec): HttpLambda {
  const tools = telemetry(name);
  return lambdaPipeline<HttpEvent, HttpResult>(
    name,
    (event, invocation) => route(event, invocation, invocation.context),
    {
      kind: 'http',
      middlewares: [answerHeaders(), httpOptions(tools), callerRateLimit(name, tools)],
      ...(spec ? { spec } : {}),
    },
  );
}
