import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { service } from '../../lib/description';
import { isBinaryMediaType } from './binary-media-types';
import type { GatewayRoute } from './gateway-route';

/** The REST API (v1) Lambda proxy event for one request, as API Gateway builds it. */
export function proxyEvent(
  request: IncomingMessage,
  url: URL,
  body: Buffer,
  route: GatewayRoute,
  pathParameters: Record<string, string> | null,
  requestId: string,
  /** The authorizer's claims, on a route that has one. */
  claims?: Readonly<Record<string, string>>,
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] ?? '';
    const value = request.rawHeaders[i + 1] ?? '';
    put(headers, name, value);
    append(multiValueHeaders, name, value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  let hasQuery = false;
  for (const [name, value] of url.searchParams) {
    put(query, name, value);
    append(multiQuery, name, value);
    hasQuery = true;
  }
  // A REST API passes every body as text unless its content type is one of the binary media types.
  const isText =
    body.length === 0 ||
    !isBinaryMediaType(request.headers['content-type'], service.api.binaryMediaTypes);
  const now = Date.now();
  const path = url.pathname;
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables: null,
    body: body.length === 0 ? null : isText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !isText,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims: { ...claims } } : null,
      domainName: request.headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      extendedRequestId: randomUUID(),
      httpMethod: route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        user: null,
        userAgent: request.headers['user-agent'] ?? null,
        userArn: null,
      },
      path: `/${service.api.stageName}${path}`,
      protocol: `HTTP/${request.httpVersion}`,
      requestId,
      requestTime: utcText(now),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
      stage: service.api.stageName,
    },
  };
}

/*
 * A header or parameter may be named `__proto__`, `constructor` or `toString`: each is an own
 * property of a plain object. Not null-prototype maps: V8 keeps those as dictionaries, and
 * JSON.stringify of the invoke message walked them the slow way (perf, issue 15).
 */

/** `map[name] = value`, also for `__proto__` (which an assignment takes as the prototype). */
function put<T>(map: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(map, name, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else map[name] = value;
}

/** Adds a value to the name's list, never to an inherited member (`constructor`). */
function append(map: Record<string, string[]>, name: string, value: string): void {
  const values = Object.hasOwn(map, name) ? map[name] : undefined;
  if (values) values.push(value);
  else put(map, name, [value]);
}

// The request's time as text, once per second: Date's formatting is a cost of its own at
// thousands of requests a second.
let utcSecond = Number.NaN;
let utcTextOfSecond = '';
function utcText(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== utcSecond) {
    utcSecond = second;
    utcTextOfSecond = new Date(now).toUTCString();
  }
  return utcTextOfSecond;
}
