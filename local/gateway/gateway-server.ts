import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { routes as allRoutes, service, type RouteSpec } from '../../lib/service';
import type { Authorize } from '../auth/local-authorizer';
import type { LambdaPool } from '../lambda/lambda-pool';
import { proxyEvent } from './proxy-event';
import { RouteTable } from './route-table';
import { TokenBucket } from './token-bucket';

export interface GatewayOptions {
  readonly port: number;
  readonly pools: ReadonlyMap<string, LambdaPool>;
  readonly routes?: readonly RouteSpec[];
  /** Pages of the local runtime itself (dashboard, JWKS) under `/_local/`. */
  readonly localPages?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean;
  /** API Gateway's integration timeout; tests shorten it. */
  readonly integrationTimeoutMs?: number;
  /** The user-pool authorizer of routes with `auth: 'user'`; without one, they refuse everyone. */
  readonly authorize?: Authorize;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * API Gateway (REST API, Lambda proxy integrations) in front of the local
 * Lambda pools: its throttles, payload limit, integration timeout and its own
 * error answers, byte for byte where they are documented.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const routes = options.routes ?? allRoutes;
  const table = new RouteTable(routes);
  const stageBucket = new TokenBucket(service.api.throttle);
  const routeBuckets = new Map(
    routes
      .filter((r) => r.throttle)
      .map((r) => [r, new TokenBucket(r.throttle ?? service.api.throttle)]),
  );
  const integrationTimeoutMs = options.integrationTimeoutMs ?? service.api.integrationTimeoutMs;
  const stagePrefix = `/${service.api.stageName}`;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      process.stderr.write(`gateway: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent)
        gatewayError(response, 500, 'Internal server error', 'InternalServerErrorException');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    response.setHeader('x-amzn-requestid', requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/_local/') && options.localPages?.(request, response, url)) return;
    // The deployed URL carries the stage; locally both forms work.
    const path =
      url.pathname === stagePrefix || url.pathname.startsWith(`${stagePrefix}/`)
        ? url.pathname.slice(stagePrefix.length) || '/'
        : url.pathname;
    url.pathname = path;

    const body = await readBody(request, service.api.maxPayloadBytes);
    if (body === 'too-large') {
      return gatewayError(response, 413, 'Request Too Long', 'RequestTooLongException');
    }
    const match = table.match(request.method ?? 'GET', path);
    if (!match) {
      // API Gateway's answer to any method/path it has no resource for.
      return gatewayError(
        response,
        403,
        'Missing Authentication Token',
        'MissingAuthenticationTokenException',
      );
    }
    const routeBucket = routeBuckets.get(match.route);
    if (!stageBucket.take() || (routeBucket && !routeBucket.take())) {
      return gatewayError(response, 429, 'Too Many Requests', 'TooManyRequestsException');
    }
    let claims: Readonly<Record<string, string>> | undefined;
    if (match.route.auth) {
      claims = await options.authorize?.(request.headers.authorization);
      if (!claims) return gatewayError(response, 401, 'Unauthorized', 'UnauthorizedException');
    }
    const pool = options.pools.get(match.route.function);
    if (!pool) throw new Error(`No pool for ${match.route.function}`);
    const event = proxyEvent(
      request,
      url,
      body,
      match.route,
      match.pathParameters,
      requestId,
      claims,
    );

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), integrationTimeoutMs);
    });
    const report = await Promise.race([pool.invoke(event), timedOut]);
    clearTimeout(timer);
    if (report === 'timeout') {
      return gatewayError(
        response,
        504,
        'Endpoint request timed out',
        'IntegrationTimeoutException',
      );
    }
    const { outcome } = report;
    if (!outcome.ok) {
      // A throttled invoke is an integration failure (500); a function error or timeout, 502.
      return outcome.throttled
        ? gatewayError(response, 500, 'Internal server error', 'InternalServerErrorException')
        : gatewayError(response, 502, 'Internal server error', 'InternalServerErrorException');
    }
    const result = proxyResult(outcome.payload);
    if (!result) {
      return gatewayError(response, 502, 'Internal server error', 'InternalServerErrorException');
    }
    writeResult(response, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** A Lambda proxy answer, or undefined when API Gateway would call it malformed. */
function proxyResult(payload: unknown): APIGatewayProxyResult | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const result = payload as Partial<APIGatewayProxyResult>;
  if (result.statusCode !== undefined && !Number.isInteger(result.statusCode)) return undefined;
  if (result.body !== undefined && result.body !== null && typeof result.body !== 'string')
    return undefined;
  return {
    statusCode: result.statusCode ?? 200,
    body: result.body ?? '',
    ...result,
  } as APIGatewayProxyResult;
}

function writeResult(response: ServerResponse, result: APIGatewayProxyResult): void {
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    response.setHeader(name, String(value));
  }
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    response.setHeader(name, values.map(String));
  }
  if (!response.hasHeader('content-type')) response.setHeader('content-type', 'application/json');
  const body = result.isBase64Encoded
    ? Buffer.from(result.body, 'base64')
    : Buffer.from(result.body ?? '');
  response.statusCode = result.statusCode;
  response.setHeader('content-length', body.length);
  response.end(body);
}

/** API Gateway's own answers: `{"message": ...}` with its error type header. */
function gatewayError(
  response: ServerResponse,
  status: number,
  message: string,
  errorType: string,
): void {
  const body = JSON.stringify({ message });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': errorType,
    ...(status === 429 ? { 'retry-after': '1' } : {}),
  });
  response.end(body);
}
