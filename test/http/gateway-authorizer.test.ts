import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAuthorizer } from '../../local/auth/local-authorizer';
import { LocalIssuer } from '../../local/auth/local-issuer';
import { localUserPool } from '../../local/auth/local-user-pool';
import { startGateway, type Gateway } from '../../local/gateway/gateway-server';
import type { LambdaPool } from '../../local/lambda/lambda-pool';
import { routes } from '../../lib/description';
import { typedApiWithToken } from '../support/typed-api';

/**
 * The gateway alone, in front of a stand-in function that answers with the
 * event it received: what a handler behind the authorizer gets to see. The stand-in's answers
 * are not the API's (plain fetch); the gateway's own refusals are, and are contract-checked.
 */
let dir: string;
let issuer: LocalIssuer;
let gateway: Gateway;
let unguarded: Gateway;
const seen: APIGatewayProxyEvent[] = [];

const echo = {
  async invoke(event: APIGatewayProxyEvent) {
    seen.push(event);
    return {
      requestId: 'r',
      durationMs: 1,
      maxMemoryMb: 1,
      outcome: { ok: true, payload: { statusCode: 200, body: '{}' } },
    };
  },
} as unknown as LambdaPool;
const pools = new Map(routes.map((r) => [r.function, echo]));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'posts-api-gw-auth-'));
  issuer = await LocalIssuer.inDataDir(dir);
  gateway = await startGateway({ port: 0, pools, authorize: localAuthorizer(issuer) });
  unguarded = await startGateway({ port: 0, pools });
});
afterAll(async () => {
  await gateway.close();
  await unguarded.close();
  await rm(dir, { recursive: true, force: true });
});

function lastEvent(): APIGatewayProxyEvent {
  const event = seen.at(-1);
  if (!event) throw new Error('the function was not invoked');
  return event;
}

describe('the local gateway on a route with auth: user', () => {
  it('hands the verified claims to the function as strings, as the Cognito authorizer does', async () => {
    const token = await issuer.token('dana');
    const response = await fetch(`${gateway.url}/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // A body the route's request model accepts: API Gateway validates before the function.
      body: JSON.stringify({ content: 'Claims, please', post_type: 'news' }),
    });
    expect(response.status).toBe(200);
    const claims = lastEvent().requestContext.authorizer?.claims as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: 'dana',
      'cognito:username': 'dana',
      email: 'dana@example.com',
      email_verified: 'true',
      token_use: 'id',
      iss: localUserPool.issuer,
      aud: localUserPool.clientId,
    });
    expect(claims.exp).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
    // The token itself still reaches the function, as API Gateway passes every header.
    expect(lastEvent().headers.authorization).toBe(`Bearer ${token}`);
  });

  it('does not invoke the function for a refused token', async () => {
    const before = seen.length;
    const api = typedApiWithToken(gateway.url, 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln');
    const { response } = await api.DELETE('/posts/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(response.status).toBe(401);
    expect(seen.length).toBe(before);
  });

  it('refuses everyone when the gateway has no authorizer (fails closed)', async () => {
    const api = typedApiWithToken(unguarded.url, await issuer.token('dana'));
    const { response, error } = await api.POST('/posts', {
      body: { content: 'Let me in', post_type: 'news' },
    });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('leaves public routes without an authorizer context', async () => {
    const response = await fetch(`${gateway.url}/posts`, {
      headers: { authorization: `Bearer ${await issuer.token('dana')}` },
    });
    expect(response.status).toBe(200);
    expect(lastEvent().requestContext.authorizer).toBeNull();
  });
});
