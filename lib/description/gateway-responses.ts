/**
 * API Gateway's own answers (a route it does not have, a missing token, a
 * throttle, a malformed body), customized as problem+json. The stack deploys
 * them as gateway responses and the local gateway answers with them.
 */

/** API Gateway's response types (REST API), for the answers it gives itself. */
export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'API_CONFIGURATION_ERROR'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX'
  | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'WAF_FILTERED';

/**
 * One of API Gateway's own answers, customized as problem+json. The stack
 * deploys it as a gateway response and the local gateway answers with it, so
 * a client sees the same body, status and headers from both.
 */
export interface GatewayResponseSpec {
  readonly type: GatewayResponseType;
  /** The problem's `type` is `/problems/<slug>`. */
  readonly slug: string;
  readonly title: string;
  /** Fixed status; absent keeps API Gateway's (the DEFAULT_* catch-alls vary). */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * `validation`: the detail also says why the request model refused the body
   * (`$context.error.validationErrorString`, which names the field); else API Gateway's message.
   */
  readonly detail?: 'message' | 'validation';
}

export const gatewayResponses: readonly GatewayResponseSpec[] = [
  {
    type: 'BAD_REQUEST_BODY',
    slug: 'bad-request',
    title: 'Bad Request',
    status: 400,
    detail: 'validation',
  },
  { type: 'BAD_REQUEST_PARAMETERS', slug: 'bad-request', title: 'Bad Request', status: 400 },
  {
    type: 'THROTTLED',
    slug: 'throttled',
    title: 'Too Many Requests',
    status: 429,
    headers: { 'Retry-After': '1' },
  },
  {
    // With no IAM auth, this is what a REST API answers for a route it does not have:
    // a 403 "Missing Authentication Token" that misleads every client. It is a 404.
    type: 'MISSING_AUTHENTICATION_TOKEN',
    slug: 'not-found',
    title: 'Not Found',
    status: 404,
  },
  {
    // A missing, expired or forged token; RFC 9110 asks a 401 to name its scheme.
    type: 'UNAUTHORIZED',
    slug: 'unauthorized',
    title: 'Unauthorized',
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  { type: 'DEFAULT_4XX', slug: 'http', title: 'Client Error' },
  { type: 'DEFAULT_5XX', slug: 'internal', title: 'Server Error' },
];
