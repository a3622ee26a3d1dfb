import type { APIGatewayProxyEvent } from 'aws-lambda';
import { apiEvent, signedIn } from '../../test/support/api-event';
import { routes, type FunctionName } from '../../lib/description';

/** Headers a browser request carries through API Gateway (the handlers scan them). */
const typicalHeaders = {
  Accept: 'application/json',
  'Accept-Encoding': 'gzip, deflate, br',
  Host: 'abc123.execute-api.us-east-1.amazonaws.com',
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) bench',
  'X-Amzn-Trace-Id': 'Root=1-67891233-abcdef012345678912345678',
  'X-Forwarded-For': '203.0.113.7',
  'X-Forwarded-Port': '443',
  'X-Forwarded-Proto': 'https',
};

/** A REST API proxy event for a function's route, with a browser's usual headers. */
export function routeEvent(
  name: FunctionName,
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  const route = routes.find((r) => r.function === name);
  if (!route) throw new Error(`${name} has no route`);
  const path = route.path.replace(/\{(\w+)\}/g, (_m, param: string) => {
    const value = overrides.pathParameters?.[param];
    if (!value) throw new Error(`${name}: path parameter ${param} missing`);
    return value;
  });
  const base = apiEvent({ resource: route.path, path, httpMethod: route.method });
  return {
    ...base,
    ...overrides,
    headers: { ...typicalHeaders, ...overrides.headers },
    requestContext: {
      ...base.requestContext,
      httpMethod: route.method,
      resourcePath: route.path,
      path: `/v1${path}`,
      stage: 'v1',
    },
  };
}

/**
 * The same, as the API's user-pool authorizer passes it on for a signed-in
 * user: `requestContext.authorizer.claims` of a verified token.
 */
export function signedInEvent(
  name: FunctionName,
  user: string,
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  const event = routeEvent(name, overrides);
  return {
    ...event,
    requestContext: { ...event.requestContext, authorizer: signedIn(user).authorizer },
  };
}

/** A post body as a client sends it. */
export function newPostBody(author: string, contentChars = 280): string {
  return JSON.stringify({
    content: 'Benchmarks measure; targets decide. '.repeat(12).slice(0, contentChars),
    post_type: 'educational',
    author_id: author,
    tags: ['bench', 'lambda'],
  });
}
