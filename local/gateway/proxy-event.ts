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
  // Null-prototype maps: a header or parameter may be named `__proto__` or `constructor`.
  const headers: Record<string, string> = Object.create(null) as Record<string, string>;
  const multiValueHeaders = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] ?? '';
    const value = request.rawHeaders[i + 1] ?? '';
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = Object.create(null) as Record<string, string>;
  const multiQuery = Object.create(null) as Record<string, string[]>;
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
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
      requestTime: new Date(now).toUTCString(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: route.path,
      stage: service.api.stageName,
    },
  };
}
