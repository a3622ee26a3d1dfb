import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { functions, service, type FunctionName, type FunctionSpec } from '../../lib/description';
import { deadlineMetric } from '../observability/deadline-metric';
import { eventLoopMonitor } from '../observability/event-loop-monitor';
import { MetricName } from '../observability/metric-names';
import { telemetry, type Telemetry } from '../observability/telemetry';
import { answerHeaders } from './answer-headers';
import { callerRateLimit } from './caller-rate-limit';
import { header, type HttpEvent, type HttpResult } from './http-event';
import { problemFor } from './problem-response';

export type Route = (event: HttpEvent, tools: Telemetry, context: Context) => Promise<HttpResult>;
export type HttpLambda = middy.MiddyfiedHandler<HttpEvent, HttpResult, Error, Context>;

/**
 * The one pipeline every API function runs: Powertools Logger (correlation id
 * = API Gateway request id) and Metrics (cold start, flushed as EMF), a
 * deadline `deadlineMarginMs` before Lambda's timeout (counted as
 * `DeadlineExceeded`), the event loop watched for stalls (`EventLoopDelayMax`),
 * problem+json for every error, `x-request-id` echoed on every answer, and the
 * headers every answer carries (answer-headers.ts).
 */
export function httpHandler(name: FunctionName, route: Route): HttpLambda;
/** A function that is not in the description (a test's): its spec is given. */
export function httpHandler(name: string, route: Route, spec: FunctionSpec): HttpLambda;
export function httpHandler(
  name: string,
  route: Route,
  spec: FunctionSpec = functions[name as FunctionName],
): HttpLambda {
  const tools = telemetry(name);
  const { logger, metrics } = tools;
  return middy<HttpEvent, HttpResult, Error, Context>({
    timeoutEarlyInMillis: spec.deadlineMarginMs,
  })
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
    .use(deadlineMetric(metrics, name))
    .use(answerHeaders())
    .use({
      before: (request) => {
        logger.setCorrelationId(request.event.requestContext?.requestId);
      },
      after: (request) => {
        echoRequestId(request.event, request.response);
      },
      onError: (request) => {
        const path = request.event.path ?? '/';
        const { result, serverFault } = problemFor(request.error, path);
        if (serverFault) logger.error('request failed', { error: request.error ?? undefined });
        else
          logger.info('request refused', {
            status: result.statusCode,
            detail: request.error?.message,
          });
        metrics.addMetric(
          serverFault ? MetricName.RequestFailed : MetricName.RequestRefused,
          MetricUnit.Count,
          1,
        );
        request.response = echoRequestId(request.event, result);
      },
    })
    .use(callerRateLimit(name, tools))
    .handler((event, context) => route(event, tools, context));
}

function echoRequestId(event: HttpEvent, response: HttpResult | undefined): HttpResult {
  const result = response ?? { statusCode: 204, body: '' };
  const given = header(event, 'x-request-id');
  // A client's id is echoed only when it is a plain token (no header injection).
  const id = given && /^[\w.:-]{1,128}$/.test(given) ? given : event.requestContext?.requestId;
  if (id) result.headers = { ...result.headers, 'x-request-id': id };
  return result;
}
