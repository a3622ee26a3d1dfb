import { DomainError, type DomainErrorKind } from '../domain/errors';
import { isDeadlineExceeded } from '../observability/deadline-exceeded';
import type { HttpResult } from './http-event';
import { HttpProblem } from './http-problem';
import type { ProblemBody } from './problem-body';

/**
 * Every error becomes an RFC 9457 problem+json answer. Only what is meant for
 * the client goes out: an unexpected error is a bare 500, never a stack trace.
 */
const byKind: Record<DomainErrorKind, { status: number; title: string; slug: string }> = {
  invalid: { status: 400, title: 'Invalid request', slug: 'validation' },
  not_found: { status: 404, title: 'Not Found', slug: 'not-found' },
  forbidden: { status: 403, title: 'Forbidden', slug: 'forbidden' },
  key_reused: { status: 422, title: 'Idempotency-Key reused', slug: 'idempotency-key-reused' },
  conflict: { status: 409, title: 'Conflict', slug: 'conflict' },
  unavailable: { status: 503, title: 'Service Unavailable', slug: 'unavailable' },
};

/** AWS SDK errors that mean "try again shortly", not "this request is wrong". */
const transient = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
]);

export interface Problem {
  readonly result: HttpResult;
  /** True when the fault is ours (5xx): it is logged as an error. */
  readonly serverFault: boolean;
}

export function problemFor(error: unknown, instance: string): Problem {
  if (error instanceof HttpProblem) {
    return problem(
      error.status,
      error.title,
      error.detail,
      instance,
      slugOf(error.status),
      error.errors,
      error.headers,
    );
  }
  if (error instanceof DomainError) {
    const { status, title, slug } = byKind[error.kind];
    // Unavailable is temporary: the client is told when to come back, as for any 503.
    const headers: Record<string, string> =
      error.kind === 'unavailable' ? { 'retry-after': '1' } : {};
    return problem(status, title, error.message, instance, slug, error.errors, headers);
  }
  const e = error as { name?: string; code?: string };
  if (isDeadlineExceeded(error)) {
    return problem(
      504,
      'Gateway Timeout',
      'The request ran out of time before it could finish.',
      instance,
      'deadline',
      [],
      { 'retry-after': '1' },
    );
  }
  if ((e.name && transient.has(e.name)) || e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET') {
    return problem(
      503,
      'Service Unavailable',
      'A backing service did not answer in time; retry shortly.',
      instance,
      'unavailable',
      [],
      { 'retry-after': '1' },
    );
  }
  return problem(
    500,
    'Internal Server Error',
    'Something went wrong on our side.',
    instance,
    'internal',
  );
}

function slugOf(status: number): string {
  return (
    {
      400: 'bad-request',
      401: 'unauthorized',
      413: 'too-large',
      415: 'unsupported-media-type',
      429: 'throttled',
      503: 'unavailable',
    }[status] ?? 'http'
  );
}

function problem(
  status: number,
  title: string,
  detail: string,
  instance: string,
  slug: string,
  errors: readonly { field: string; message: string }[] = [],
  headers: Readonly<Record<string, string>> = {},
): Problem {
  const body: ProblemBody = {
    type: `/problems/${slug}`,
    title,
    status,
    detail,
    instance,
    ...(errors.length > 0 ? { errors: [...errors] } : {}),
  };
  return {
    result: {
      statusCode: status,
      headers: { 'content-type': 'application/problem+json', ...headers },
      body: JSON.stringify(body),
    },
    serverFault: status >= 500,
  };
}
