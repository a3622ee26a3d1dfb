import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** A REST API proxy event, as API Gateway would send it, for handler tests. */
export function apiEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/posts',
    path: '/posts',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: randomUUID() } as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

/**
 * The request context of a route behind the Cognito user-pool authorizer: the
 * ID token's claims, every value a string, as API Gateway hands them over.
 */
export function signedIn(sub: string): APIGatewayProxyEvent['requestContext'] {
  return withClaims({
    sub,
    'cognito:username': sub,
    email: `${sub}@example.com`,
    email_verified: 'true',
    token_use: 'id',
    aud: 'test-client',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test',
  });
}

export function withClaims(claims: Record<string, string>): APIGatewayProxyEvent['requestContext'] {
  return {
    requestId: randomUUID(),
    authorizer: { claims },
  } as unknown as APIGatewayProxyEvent['requestContext'];
}

export function lambdaContext(name: string, remainingMs = 6_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'test',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
