import type { ServerResponse } from 'node:http';
import {
  gatewayResponseHeaders,
  gatewayResponseTemplate,
} from '../../lib/gateway-response-template';
import type { GatewayResponseSpec, GatewayResponseType } from '../../lib/description';

/** An answer API Gateway gives itself, before it renders it through a gateway response. */
export interface GatewayError {
  readonly type: GatewayResponseType;
  /** The status API Gateway answers when no gateway response sets one. */
  readonly status: number;
  /** `$context.error.message`. */
  readonly message: string;
  /** The `x-amzn-ErrorType` header API Gateway sends with it. */
  readonly errorType: string;
  /** `$context.error.validationErrorString`: why the request model refused the body. */
  readonly validation?: string;
}

/** The errors the local gateway raises, with API Gateway's own messages and statuses. */
export const GatewayErrors = {
  missingAuthenticationToken: (): GatewayError => ({
    type: 'MISSING_AUTHENTICATION_TOKEN',
    status: 403,
    message: 'Missing Authentication Token',
    errorType: 'MissingAuthenticationTokenException',
  }),
  /** The user-pool authorizer refused the token (missing, expired, forged, wrong audience). */
  unauthorized: (): GatewayError => ({
    type: 'UNAUTHORIZED',
    status: 401,
    message: 'Unauthorized',
    errorType: 'UnauthorizedException',
  }),
  throttled: (): GatewayError => ({
    type: 'THROTTLED',
    status: 429,
    message: 'Too Many Requests',
    errorType: 'TooManyRequestsException',
  }),
  /** A usage plan's quota for the key is spent for this period. */
  quotaExceeded: (): GatewayError => ({
    type: 'QUOTA_EXCEEDED',
    status: 429,
    message: 'Limit Exceeded',
    errorType: 'LimitExceededException',
  }),
  /** With usage plans, a request without a key of one of them. */
  invalidApiKey: (): GatewayError => ({
    type: 'INVALID_API_KEY',
    status: 403,
    message: 'Forbidden',
    errorType: 'ForbiddenException',
  }),
  requestTooLarge: (): GatewayError => ({
    type: 'REQUEST_TOO_LARGE',
    status: 413,
    message: 'Request Too Long',
    errorType: 'RequestTooLongException',
  }),
  /** `validation` is what the model refused, e.g. `[object has missing required properties (["content"])]`. */
  badRequestBody: (validation = ''): GatewayError => ({
    type: 'BAD_REQUEST_BODY',
    status: 400,
    message: 'Invalid request body',
    errorType: 'BadRequestException',
    validation,
  }),
  badRequestParameters: (missing: readonly string[]): GatewayError => ({
    type: 'BAD_REQUEST_PARAMETERS',
    status: 400,
    message: `Missing required request parameters: [${missing.join(', ')}]`,
    errorType: 'BadRequestException',
  }),
  integrationTimeout: (): GatewayError => ({
    type: 'INTEGRATION_TIMEOUT',
    status: 504,
    message: 'Endpoint request timed out',
    errorType: 'InternalServerErrorException',
  }),
  /**
   * Lambda refused the invocation (throttled). API Gateway answers 500 here, not the
   * 504 its documentation lists as INTEGRATION_FAILURE's default.
   */
  integrationFailure: (): GatewayError => ({
    type: 'INTEGRATION_FAILURE',
    status: 500,
    message: 'Internal server error',
    errorType: 'InternalServerErrorException',
  }),
} as const;

/** The variables a gateway response template may use, and how each is filled in. */
interface TemplateContext {
  readonly error: GatewayError;
  readonly requestId: string;
  readonly resourcePath: string;
  readonly stage: string;
}
const variables: Record<string, (c: TemplateContext) => string> = {
  'context.error.messageString': (c) => JSON.stringify(c.error.message),
  'context.error.message': (c) => c.error.message,
  // Not quoted, but its quotes and backslashes come escaped: the template quotes it.
  'context.error.validationErrorString': (c) =>
    JSON.stringify(c.error.validation ?? '').slice(1, -1),
  'context.error.responseType': (c) => c.error.type,
  'context.requestId': (c) => c.requestId,
  'context.resourcePath': (c) => c.resourcePath,
  'context.stage': (c) => c.stage,
};
const variablePattern = /\$([A-Za-z][\w]*(?:\.[A-Za-z]\w*)*)/g;

interface Rendered {
  readonly spec: GatewayResponseSpec;
  readonly template: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What API Gateway answers for one of its errors. */
interface GatewayAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An answer rendered once, whose body differs between requests only by the request id. */
interface Compiled {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body split where the request id goes. */
  readonly parts: readonly string[];
}

/** Stands in for the request id while an answer is compiled; no template can contain it. */
const requestIdMark = '\u0000requestId\u0000';

/**
 * API Gateway's own answers, rendered through the gateway responses the
 * description declares (the ones the stack deploys): the response for the
 * error's type, else the DEFAULT_4XX/DEFAULT_5XX catch-all for its status
 * class, else API Gateway's built-in `{"message": ...}`. Templates are filled
 * by substitution only, as API Gateway does for gateway responses (no VTL).
 */
export class GatewayResponses {
  private readonly byType = new Map<GatewayResponseType, Rendered>();

  constructor(
    specs: readonly GatewayResponseSpec[],
    private readonly stage: string,
  ) {
    for (const spec of specs) {
      const template = gatewayResponseTemplate(spec);
      for (const [, name] of template.matchAll(variablePattern)) {
        // A template the local gateway cannot fill would answer differently from the cloud.
        if (!name || !(name in variables))
          throw new Error(`Gateway response ${spec.type}: unsupported variable $${name}`);
      }
      this.byType.set(spec.type, { spec, template, headers: gatewayResponseHeaders(spec) });
    }
  }

  /** The status, headers and body API Gateway answers for this error. */
  render(error: GatewayError, requestId: string, resourcePath: string): GatewayAnswer {
    const chosen =
      this.byType.get(error.type) ??
      this.byType.get(error.status >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
    const headers: Record<string, string> = { 'x-amzn-ErrorType': error.errorType };
    if (!chosen) {
      return {
        status: error.status,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: error.message }),
      };
    }
    const context: TemplateContext = { error, requestId, resourcePath, stage: this.stage };
    const body = chosen.template.replace(
      variablePattern,
      (_, name: string) => variables[name]?.(context) ?? '',
    );
    return {
      status: chosen.spec.status ?? error.status,
      headers: { ...headers, ...chosen.headers },
      body,
    };
  }

  /**
   * Sends the answer. An error without a validation string (every refusal before the
   * integration: throttles, quotas, keys, unknown routes) is rendered once per route and
   * reused, so a flood of refusals costs no template work per request.
   */
  answer(
    response: ServerResponse,
    error: GatewayError,
    requestId: string,
    resourcePath = '',
  ): number {
    const { status, headers, body } =
      error.validation !== undefined
        ? this.render(error, requestId, resourcePath)
        : this.reused(error, requestId, resourcePath);
    response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
    response.end(body);
    return status;
  }

  // Keyed by everything that shapes the answer but the request id. The messages without a
  // validation string come from the gateway's own code and the routes (missing parameter
  // names), never from a request, so the map stays as small as the API.
  private readonly compiledAnswers = new Map<string, Compiled>();

  private reused(error: GatewayError, requestId: string, resourcePath: string): GatewayAnswer {
    const { status, headers, parts } = this.compiled(error, resourcePath);
    return { status, headers, body: parts.join(requestId) };
  }

  private compiled(error: GatewayError, resourcePath: string): Compiled {
    const key = `${error.type}\n${error.status}\n${error.errorType}\n${error.message}\n${resourcePath}`;
    let compiled = this.compiledAnswers.get(key);
    if (!compiled) {
      const { status, headers, body } = this.render(error, requestIdMark, resourcePath);
      compiled = { status, headers, parts: body.split(requestIdMark) };
      this.compiledAnswers.set(key, compiled);
    }
    return compiled;
  }
}
