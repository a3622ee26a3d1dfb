import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { header, type HttpEvent, type HttpResult } from './http-event';

/**
 * The headers every answer carries, whatever the route or outcome (success,
 * refusal, fault): `X-Content-Type-Options: nosniff`, so a browser never
 * second-guesses a JSON or problem+json body as something it would run; and
 * `Cache-Control: no-store` on every answer to a signed-in caller, so no
 * shared or browser cache keeps a private answer (a job, a webhook list, a
 * refusal that names the caller).
 */
export function answerHeaders(): middy.MiddlewareObj<HttpEvent, HttpResult, Error, Context> {
  const apply = (request: middy.Request<HttpEvent, HttpResult, Error, Context>): void => {
    if (!request.response) return;
    request.response.headers = withAnswerHeaders(request.event, request.response.headers);
  };
  return { after: apply, onError: apply };
}

/** The answer's headers with the ones every answer must carry. */
export function withAnswerHeaders(
  event: HttpEvent,
  headers: HttpResult['headers'] = {},
): NonNullable<HttpResult['headers']> {
  return {
    ...headers,
    'x-content-type-options': 'nosniff',
    ...(isPrivate(event) ? { 'cache-control': 'no-store' } : {}),
  };
}

/** Answered to a signed-in caller: the authorizer verified a token, or the caller sent one. */
function isPrivate(event: HttpEvent): boolean {
  const claims: unknown = event.requestContext?.authorizer?.claims;
  return (claims !== undefined && claims !== null) || header(event, 'authorization') !== undefined;
}
