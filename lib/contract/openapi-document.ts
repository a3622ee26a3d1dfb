/**
 * docs/openapi.json, OpenAPI 3.1, generated from the description: every route with the
 * schemas it names (lib/contract/schemas.ts), its auth, its answers and its problems,
 * API Gateway's own answers (lib/description/gateway-responses.ts) included.
 * `npm run openapi` writes it; a test fails when the file and this disagree.
 */
import {
  gatewayResponses,
  routes,
  service,
  type AnswerStatus,
  type RouteSpec,
  type SchemaName,
} from '../description';
import { examples } from './examples';
import { pathParameterNames } from './gateway-request';
import { openApiSchema, queryParameters, type JsonSchema } from './json-schemas';

type Json = { readonly [key: string]: unknown };

const ref = (kind: 'schemas' | 'responses' | 'parameters' | 'headers', name: string) => ({
  $ref: `#/components/${kind}/${name}`,
});

/** The request bodies: shown as the client sends them (a default makes a field optional). */
const requestBodies = new Set<SchemaName>(routes.flatMap((r) => (r.body ? [r.body] : [])));

function componentSchemas(): Record<string, JsonSchema> {
  const names = new Set<SchemaName>(['Problem', 'GatewayProblem']);
  for (const route of routes) {
    if (route.body) names.add(route.body);
    for (const answer of Object.values(route.responses))
      if (answer?.schema) names.add(answer.schema);
  }
  return Object.fromEntries(
    [...names].sort().map((name) => [
      name,
      {
        ...openApiSchema(name, requestBodies.has(name) ? 'input' : 'output'),
        examples: [examples[name]],
      },
    ]),
  );
}

const gatewayProblem = (type: string) => {
  const spec = gatewayResponses.find((g) => g.type === type);
  if (!spec) throw new Error(`No gateway response ${type} in the description`);
  return spec;
};

const problemExample = (status: number, slug: string, title: string, detail: string) => ({
  type: `/problems/${slug}`,
  title,
  status,
  detail,
  instance: '/posts',
});
const gatewayExample = (type: string, detail: string) => {
  const spec = gatewayProblem(type);
  return {
    type: `/problems/${spec.slug}`,
    title: spec.title,
    ...(spec.status ? { status: spec.status } : {}),
    detail,
    requestId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  };
};

/** A problem+json answer: the function's, API Gateway's, or either. */
function problemResponse(
  description: string,
  from: 'function' | 'gateway' | 'either',
  example: Json,
  headers: Record<string, Json> = {},
): Json {
  const schema =
    from === 'function'
      ? ref('schemas', 'Problem')
      : from === 'gateway'
        ? ref('schemas', 'GatewayProblem')
        : { anyOf: [ref('schemas', 'Problem'), ref('schemas', 'GatewayProblem')] };
  return {
    description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/problem+json': { schema, example } },
  };
}

const retryAfter = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer', minimum: 0 },
};

/** Every problem an operation may answer, by status, as components.responses. */
function componentResponses(): Record<string, Json> {
  const maxBody = service.limits.maxBodyBytes;
  return {
    BadRequest: problemResponse(
      'A field or parameter is not valid (`errors` names each), or the body is not JSON',
      'function',
      examples.Problem as Json,
    ),
    BadRequestBody: problemResponse(
      "The body does not fit the route's model (API Gateway, before the function) or its " +
        'schema (the function: `errors` names each field)',
      'either',
      gatewayExample(
        'BAD_REQUEST_BODY',
        'Invalid request body: [object has missing required properties (["content"])]',
      ),
    ),
    Unauthorized: problemResponse(
      "No token, or an expired or forged one (API Gateway's authorizer)",
      'gateway',
      gatewayExample('UNAUTHORIZED', 'Unauthorized'),
      { 'WWW-Authenticate': { description: '`Bearer`', schema: { type: 'string' } } },
    ),
    Forbidden: problemResponse(
      "Not yours: another user's resource, or an `author_id` that is not the caller",
      'function',
      problemExample(403, 'forbidden', 'Forbidden', 'Only the author of a post may delete it.'),
    ),
    NotFound: problemResponse(
      'No such resource',
      'function',
      problemExample(
        404,
        'not-found',
        'Not Found',
        'No post has the id 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70.',
      ),
    ),
    Conflict: problemResponse(
      "The resource's state refuses it (a limit reached)",
      'function',
      problemExample(
        409,
        'conflict',
        'Conflict',
        'A post takes at most 4 images; this one has had them all.',
      ),
    ),
    ContentTooLarge: problemResponse(
      `The body is over the route's limit (${maxBody} bytes for most, by the function) or ` +
        `API Gateway's (${service.api.maxPayloadBytes} bytes)`,
      'either',
      problemExample(
        413,
        'too-large',
        'Content Too Large',
        `The body is 70000 bytes; the limit is ${maxBody}.`,
      ),
    ),
    UnsupportedMediaType: problemResponse(
      'The body is not sent as `application/json`',
      'function',
      problemExample(
        415,
        'unsupported-media-type',
        'Unsupported Media Type',
        'Send the body as application/json; this Content-Type is not accepted.',
      ),
    ),
    KeyReused: problemResponse(
      'The `Idempotency-Key` was used before with a different request',
      'function',
      problemExample(
        422,
        'idempotency-key-reused',
        'Idempotency-Key reused',
        'This Idempotency-Key was used with a different request.',
      ),
    ),
    TooManyRequests: problemResponse(
      "Over a throttle: the stage's or the route's (API Gateway, THROTTLED) or the caller's " +
        'own limit per route (the function)',
      'either',
      gatewayExample('THROTTLED', 'Too Many Requests'),
      { 'Retry-After': retryAfter },
    ),
    InternalError: problemResponse(
      'Something went wrong on our side (never a stack trace)',
      'either',
      problemExample(500, 'internal', 'Internal Server Error', 'Something went wrong on our side.'),
    ),
    Unavailable: problemResponse(
      'A backing service did not answer in time, or is down; retry after `Retry-After`',
      'function',
      problemExample(
        503,
        'unavailable',
        'Service Unavailable',
        'A backing service did not answer in time; retry shortly.',
      ),
      { 'Retry-After': retryAfter },
    ),
    Timeout: problemResponse(
      "The request ran out of time (the function's deadline, or API Gateway's integration timeout)",
      'either',
      problemExample(
        504,
        'deadline',
        'Gateway Timeout',
        'The request ran out of time before it could finish.',
      ),
      { 'Retry-After': retryAfter },
    ),
  };
}

const problemNames: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  413: 'ContentTooLarge',
  415: 'UnsupportedMediaType',
  422: 'KeyReused',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'Unavailable',
  504: 'Timeout',
};

/** The problems of one operation: its function's, and those that follow from the route. */
function problemsOf(route: RouteSpec): Record<string, Json> {
  const statuses = new Set<number>([...route.errors, 429, 500, 503, 504]);
  if (route.auth) statuses.add(401);
  if (route.body) [400, 413, 415].forEach((s) => statuses.add(s));
  if (route.query || route.pathParameters) statuses.add(400);
  const answered = new Set(Object.keys(route.responses).map(Number));
  return Object.fromEntries(
    [...statuses]
      .filter((status) => !answered.has(status))
      .sort((a, b) => a - b)
      .map((status) => {
        const name = status === 400 && route.body ? 'BadRequestBody' : problemNames[status];
        if (!name)
          throw new Error(`${route.method} ${route.path}: no problem answer for ${status}`);
        return [String(status), ref('responses', name)];
      }),
  );
}

function answersOf(route: RouteSpec): Record<string, Json> {
  return Object.fromEntries(
    (
      Object.entries(route.responses) as [
        string,
        NonNullable<RouteSpec['responses'][AnswerStatus]>,
      ][]
    ).map(([status, answer]) => {
      const headers = Object.fromEntries(
        Object.entries(answer.headers ?? {}).map(([name, description]) => [
          name,
          { description, schema: { type: 'string' } },
        ]),
      );
      return [
        status,
        {
          description: answer.description,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(answer.schema
            ? {
                content: {
                  'application/json': {
                    schema: ref('schemas', answer.schema),
                    example: examples[answer.schema],
                  },
                },
              }
            : {}),
        },
      ];
    }),
  );
}

function parametersOf(route: RouteSpec): Json[] {
  const parameters: Json[] = pathParameterNames(route.path).map((name) => {
    const schema = route.pathParameters?.[name];
    if (!schema) throw new Error(`${route.method} ${route.path}: no schema for {${name}}`);
    return {
      name,
      in: 'path',
      required: true,
      schema: openApiSchema(schema, 'input'),
      example: examples[schema],
    };
  });
  if (route.query) {
    const example = examples[route.query] as Record<string, unknown>;
    for (const p of queryParameters(route.query)) {
      parameters.push({
        name: p.name,
        in: 'query',
        required: p.required,
        schema: p.schema,
        ...(example[p.name] !== undefined ? { example: example[p.name] } : {}),
      });
    }
  }
  if (route.idempotencyKey) parameters.push(ref('parameters', 'IdempotencyKey'));
  return parameters;
}

/** `getPost`, or for a function behind several routes, `health` and `healthDetails`. */
function operationIdOf(route: RouteSpec): string {
  const shared = routes.filter((r) => r.function === route.function);
  if (shared.length === 1 || shared[0] === route) return route.function;
  const last =
    route.path
      .split('/')
      .filter((s) => s && !s.startsWith('{'))
      .at(-1) ?? '';
  return `${route.function}${last.charAt(0).toUpperCase()}${last.slice(1)}`;
}

const tagDescriptions: Record<string, string> = {
  posts: 'Posts, their media uploads and share cards',
  'external-data': "The partner API's data, behind a circuit breaker",
  health: 'Whether the service and its dependencies are up',
  analyze: 'Text analysis, run as a job',
  jobs: 'The jobs a caller asked for',
  stats: 'Post counters kept by the analytics jobs',
  webhooks: 'Signed callbacks for new posts (docs/webhooks.md)',
};

function tagOf(route: RouteSpec): string {
  return route.path.split('/')[1] ?? 'api';
}

function operationOf(route: RouteSpec): Json {
  const parameters = parametersOf(route);
  const limit = route.callerLimit
    ? ` Each caller may make ${route.callerLimit.requests} requests per ${route.callerLimit.windowSeconds} s.`
    : '';
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    description: `${route.auth ? "Needs a signed-in user's ID token." : 'Public.'}${limit}`,
    tags: [tagOf(route)],
    security: route.auth ? [{ cognitoIdToken: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('schemas', route.body),
                example: examples[route.body],
              },
            },
          },
        }
      : {}),
    responses: { ...answersOf(route), ...problemsOf(route) },
  };
}

export function openApiDocument(): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: service.name,
      version: '1.0.0',
      summary: 'Posts, their media and analytics, text analysis jobs and webhooks',
      description:
        'Errors are `application/problem+json` (RFC 9457). Reads are public; writes need a ' +
        'Cognito ID token (docs/auth.md). Generated from lib/description by `npm run openapi`.',
      license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'A deployed stage (the stack output ApiUrl)',
        variables: {
          apiId: { default: 'abcdef1234', description: 'The REST API id' },
          region: { default: 'eu-west-1', description: 'The AWS region it is deployed in' },
          stage: { default: service.api.stageName, enum: [service.api.stageName] },
        },
      },
      { url: 'http://localhost:3000', description: 'The local cloud (npm run dev)' },
    ],
    tags: [...new Set(routes.map(tagOf))].map((name) => ({
      name,
      description: tagDescriptions[name] ?? `The /${name} routes`,
    })),
    paths,
    components: {
      schemas: componentSchemas(),
      responses: componentResponses(),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Retry safely: the same key and body replay the first answer (`Idempotent-Replayed: ' +
            'true`); the same key with another body is 422. Keys are per user.',
          schema: {
            type: 'string',
            minLength: 1,
            maxLength: service.limits.idempotencyKeyMaxChars,
            pattern: '^[\\x21-\\x7e]+$',
          },
          example: '7c1e2f0a-first-post',
        },
      },
      securitySchemes: {
        cognitoIdToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "A Cognito ID token of the stack's user pool (docs/auth.md); locally, " +
            '`npm run -s token -- <user>`.',
        },
      },
    },
  };
}

/** The document as the file holds it: two-space JSON and a final newline. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
