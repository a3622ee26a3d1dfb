import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  gatewayResponses,
  routes as allRoutes,
  service,
  type UsagePlanSpec,
} from '../../lib/description';
import type { Authorize } from '../auth/local-authorizer';
import { listenOnLoopback } from '../http/listen';
import { readBody } from '../http/read-body';
import type { LambdaPool } from '../lambda/lambda-pool';
import type { AccessLogEntry } from './access-log';
import { GatewayErrors, GatewayResponses, type GatewayError } from './gateway-responses';
import type { GatewayRoute } from './gateway-route';
import { proxyEvent } from './proxy-event';
import { proxyAnswer } from './proxy-result';
import { validateRequest } from './request-validator';
import { RouteTable } from './route-table';
import { answerAddressThrottled, ClientRateRule, type ClientRateLimit } from './client-rate-rule';
import { ConnectionPacing } from './connection-pacing';
import { gatewayThrottle } from './gateway-throttle';
import { UsagePlanQuota } from './usage-plan-quota';

export interface GatewayOptions {
  readonly port: number;
  readonly pools: ReadonlyMap<string, LambdaPool>;
  readonly routes?: readonly GatewayRoute[];
  /** The API's own description and reference page (`/openapi.json`, `/docs`), with or without the stage. */
  readonly documentPages?: (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
  ) => boolean;
  /** Pages of the local runtime itself (dashboard, JWKS) under `/_local/`. */
  readonly localPages?: (request: IncomingMessage, response: ServerResponse, url: URL) => boolean;
  /** API Gateway's integration timeout for every route; tests shorten it. */
  readonly integrationTimeoutMs?: number;
  /** false: no throttle at any level (benchmarks measure the runtime, not the configured rates). */
  readonly throttling?: boolean;
  /**
   * The longest a connection's next request waits after a throttle refused one on it
   * (connection-pacing.ts); 1 s unless a test shortens it.
   */
  readonly maxPacingHoldMs?: number;
  /** The per-address limit on the public reads; `service.api.waf` unless a test shrinks it. */
  readonly clientRateLimit?: ClientRateLimit;
  /**
   * API keys and their usage plans, as the stack deploys them with `-c apiKeys=on`: then
   * every method needs an `x-api-key` of one of them, throttled and counted per key.
   */
  readonly apiKeys?: ReadonlyMap<string, UsagePlanSpec>;
  /** The user-pool authorizer of routes with `auth: 'user'`; without one, they refuse everyone. */
  readonly authorize?: Authorize;
  /** Every request, as the stage's access log records it (the local dashboard reads these). */
  readonly onAccessLog?: (entry: AccessLogEntry) => void;
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
  const throttle = gatewayThrottle(routes, {
    stage: service.api.throttle,
    account: service.api.accountThrottle,
    apiKeys: options.apiKeys,
  });
  const quota = new UsagePlanQuota();
  const pacing = new ConnectionPacing(options.maxPacingHoldMs ?? 1_000);
  // WAF's per-IP rule on the public reads, before API Gateway's own throttles (off with
  // them: `throttling: false`).
  const clientRule = new ClientRateRule(routes, options.clientRateLimit ?? service.api.waf);
  const integrationTimeoutMs = options.integrationTimeoutMs ?? service.api.integrationTimeoutMs;
  const stagePrefix = `/${service.api.stageName}`;

  const responses = new GatewayResponses(gatewayResponses, service.api.stageName);

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      process.stderr.write(`gateway: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) internalError(response, 500);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A connection whose last request a throttle refused is taken up again when the throttle
    // could admit it (connection-pacing.ts), before anything else is spent on it.
    const turn = pacing.turn(request.socket);
    if (turn) await turn;
    const requestId = randomUUID();
    const started = performance.now();
    const requestTime = Date.now();
    response.setHeader('x-amzn-requestid', requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const { pathname } = url;
    if (pathname.startsWith('/_local/') && options.localPages?.(request, response, url)) return;
    // The deployed URL carries the stage; locally both forms work.
    const path =
      pathname === stagePrefix || pathname.startsWith(`${stagePrefix}/`)
        ? pathname.slice(stagePrefix.length) || '/'
        : pathname;
    if (path !== pathname) url.pathname = path;
    if (options.documentPages?.(request, response, url)) return;
    const httpMethod = request.method ?? 'GET';
    type Recorded = Omit<
      AccessLogEntry,
      'requestId' | 'requestTime' | 'httpMethod' | 'path' | 'responseLatency' | 'sub'
    >;
    let sub: string | undefined;
    // Methods of an object literal, not named arrow functions: under tsx (esbuild's keepNames)
    // a named closure is named again each time it is created, an Object.defineProperty each.
    const answered = {
      log(entry: Recorded) {
        // Every field named, one shape: a literal with spreads defined each property through
        // V8's slow path (about 4% of the cloud process's CPU per GET, in perf).
        options.onAccessLog?.({
          requestId,
          requestTime,
          httpMethod,
          path,
          sub,
          resourcePath: entry.resourcePath,
          status: entry.status,
          responseLatency: performance.now() - started,
          integrationLatency: entry.integrationLatency,
          functionName: entry.functionName,
          coldStart: entry.coldStart,
          errorType: entry.errorType,
          wafResponseCode: entry.wafResponseCode,
          integrationError: entry.integrationError,
        });
      },
      refuse(error: GatewayError, route?: GatewayRoute) {
        const status = responses.answer(response, error, requestId, route?.path);
        answered.log({ status, errorType: error.type, resourcePath: route?.path });
      },
    };
    const { log, refuse } = answered;

    // Every refusal up to the throttles comes before the body is read, as API Gateway refuses
    // before the integration and the request validator: a flood of refused requests costs no
    // body read. Node discards a body left unread once the answer is sent, and the connection
    // stays open for the client's next request.
    const match = table.match(httpMethod, path);
    // API Gateway's answer to any method/path it has no resource for.
    if (!match) return refuse(GatewayErrors.missingAuthenticationToken());
    const { route } = match;
    if (options.throttling !== false && !clientRule.admit(route, request.socket.remoteAddress)) {
      const status = answerAddressThrottled(response);
      return log({ status, resourcePath: route.path, wafResponseCode: 'WAF_BLOCK' });
    }
    const apiKey = headerValue(request.headers['x-api-key']);
    const plan = apiKey === undefined ? undefined : options.apiKeys?.get(apiKey);
    if (options.apiKeys && !plan) return refuse(GatewayErrors.invalidApiKey(), route);
    if (options.throttling !== false) {
      const throttled = { route, apiKey: plan ? apiKey : undefined };
      if (throttle.admit(throttled)) {
        pacing.hold(request.socket, throttle.msUntilAdmitted(throttled));
        return refuse(GatewayErrors.throttled(), route);
      }
      if (plan && apiKey !== undefined && !quota.take(apiKey, plan)) {
        pacing.hold(request.socket, Number.POSITIVE_INFINITY);
        return refuse(GatewayErrors.quotaExceeded(), route);
      }
    }
    const body = await readBody(request, service.api.maxPayloadBytes);
    if (body === undefined) return refuse(GatewayErrors.requestTooLarge());
    // API Gateway runs the authorizer before the request validator.
    let claims: Readonly<Record<string, string>> | undefined;
    if (route.auth) {
      claims = await options.authorize?.(request.headers.authorization);
      if (!claims) return refuse(GatewayErrors.unauthorized(), route);
      sub = claims.sub;
    }
    const invalid = validateRequest(route, url.searchParams, request.headers['content-type'], body);
    if (invalid) return refuse(invalid, route);

    const pool = options.pools.get(route.function);
    if (!pool) throw new Error(`No pool for ${route.function}`);
    const event = proxyEvent(request, url, body, route, match.pathParameters, requestId, claims);

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(
        () => resolve('timeout'),
        options.integrationTimeoutMs ?? route.integrationTimeoutMs ?? integrationTimeoutMs,
      );
    });
    const calledAt = performance.now();
    const report = await Promise.race([pool.invoke(event), timedOut]);
    clearTimeout(timer);
    const integrationLatency = performance.now() - calledAt;
    const { path: resourcePath, function: functionName } = route;
    if (report === 'timeout') {
      const error = GatewayErrors.integrationTimeout();
      const status = responses.answer(response, error, requestId, route.path);
      return log({ resourcePath, functionName, integrationLatency, status, errorType: error.type });
    }
    const { outcome } = report;
    if (!outcome.ok && outcome.throttled) {
      // Lambda refused the invoke: an integration failure, answered 500.
      const error = GatewayErrors.integrationFailure();
      const status = responses.answer(response, error, requestId, route.path);
      return log({ resourcePath, functionName, integrationLatency, status, errorType: error.type });
    }
    const coldStart = report.initMs !== undefined;
    const answer = outcome.ok
      ? proxyAnswer(outcome.payload, request.headers.accept, service.api.binaryMediaTypes)
      : undefined;
    if (!answer) {
      // A function error, a timeout or a malformed answer: 502, and no gateway response
      // applies (to shape it, the function must answer the error itself).
      internalError(response, 502);
      return log({
        resourcePath,
        functionName,
        integrationLatency,
        coldStart,
        status: 502,
        integrationError: outcome.ok ? 'Malformed Lambda proxy response' : outcome.errorType,
      });
    }
    for (const [name, values] of answer.headers) {
      response.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
    }
    response.statusCode = answer.status;
    response.setHeader('content-length', Buffer.byteLength(answer.body));
    response.end(answer.body);
    log({ resourcePath, functionName, integrationLatency, coldStart, status: answer.status });
  }

  const port = await listenOnLoopback(server, options.port);
  server.keepAliveTimeout = 65_000;
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

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The answer API Gateway gives when the Lambda integration fails: not a gateway response. */
function internalError(response: ServerResponse, status: 500 | 502): void {
  const body = JSON.stringify({ message: 'Internal server error' });
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-amzn-errortype': 'InternalServerErrorException',
  });
  response.end(body);
}
