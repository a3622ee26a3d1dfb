import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { header, type HttpEvent, type HttpResult } from '../http/http-event';
import { problemFor } from '../http/problem-response';
import { MetricName } from '../observability/metric-names';
import type { Telemetry } from '../observability/telemetry';

/**
 * What an API function adds to the pipeline: the API Gateway request id as
 * the correlation id, problem+json for every error (504 with Retry-After at
 * the deadline), and `x-request-id` echoed on every answer.
 */
export function httpOptions({
  logger,
  metrics,
}: Telemetry): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  return {
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
  };
}

function echoRequestId(event: HttpEvent, response: HttpResult | null | undefined): HttpResult {
  const result = response ?? { statusCode: 204, body: '' };
  const given = header(event, 'x-request-id');
  // A client's id is echoed only when it is a plain token (no header injection).
  const id = given && /^[\w.:-]{1,128}$/.test(given) ? given : event.requestContext?.requestId;
  if (id) result.headers = { ...result.headers, 'x-request-id': id };
  return result;
}
