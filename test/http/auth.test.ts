import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localUserPool } from '../../local/auth/local-user-pool';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { service } from '../../lib/description';

/** Who may write, over HTTP against the local cloud, as a client sees it. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startLocalCloud({ onLine: () => undefined });
});
afterAll(() => cloud.close());

const post = { content: 'Signed and sealed', post_type: 'news' };

async function send(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${cloud.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

/** A token with every claim of a good one, signed by a key the issuer never had. */
async function forged(user: string): Promise<string> {
  const genuine = await cloud.issuer.token(user);
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT(decodeJwt(genuine))
    .setProtectedHeader({ alg: 'RS256', kid: decodeProtectedHeader(genuine).kid })
    .sign(privateKey);
}

// The deployed API answers its authorizer's 401 as problem+json (a gateway response); so does the local one.
const unauthorized = {
  type: '/problems/unauthorized',
  title: 'Unauthorized',
  status: 401,
  detail: 'Unauthorized',
};

describe('write routes without a valid token', () => {
  it('answer 401 as API Gateway does, and write nothing', async () => {
    const someId = randomUUID();
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const claims = decodeJwt(await cloud.issuer.token('mallory'));
    const bad: [string, string | undefined][] = [
      ['no token', undefined],
      ['an empty token', ''],
      ['not a JWT', 'not-a-token'],
      ['a forged token (another key)', await forged('mallory')],
      ['an expired token', await cloud.issuer.token('mallory', { issuedAt: twoHoursAgo })],
      [
        'a token for another audience',
        await cloud.issuer.token('mallory', { audience: 'some-other-client' }),
      ],
      ['an unsigned token (alg none)', new UnsecuredJWT(claims).encode()],
    ];
    for (const [what, token] of bad) {
      const created = await send('POST', '/posts', token, { ...post, content: what });
      expect(created.status, what).toBe(401);
      expect(created.json, what).toMatchObject(unauthorized);
      expect(created.headers.get('www-authenticate'), what).toBe('Bearer');
      expect(created.headers.get('x-amzn-errortype'), what).toBe('UnauthorizedException');
      const deleted = await send('DELETE', `/posts/${someId}`, token);
      expect(deleted.status, what).toBe(401);
      expect(deleted.json, what).toMatchObject(unauthorized);
    }
    const written = await send('GET', '/posts?author_id=mallory');
    expect(written.json?.items).toEqual([]);
  });
});

describe('a signed-in user', () => {
  it('creates a post whose author is the token subject, with or without naming it', async () => {
    const token = await cloud.issuer.token('alice');
    const unnamed = await send('POST', '/posts', token, post);
    expect(unnamed.status).toBe(201);
    expect(unnamed.json?.author_id).toBe('alice');
    const named = await send('POST', '/posts', token, { ...post, author_id: 'alice' });
    expect(named.status).toBe(201);
    expect(named.json?.author_id).toBe('alice');

    // API Gateway takes the token with or without the Bearer scheme.
    const raw = await fetch(`${cloud.url}/posts`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify(post),
    });
    expect(raw.status).toBe(201);
  });

  it('cannot post as someone else: 403 problem+json, and nothing is written', async () => {
    const token = await cloud.issuer.token('alice');
    const impostor = await send('POST', '/posts', token, { ...post, author_id: 'bob-victim' });
    expect(impostor.status).toBe(403);
    expect(impostor.headers.get('content-type')).toBe('application/problem+json');
    expect(impostor.json).toMatchObject({ status: 403, type: '/problems/forbidden' });
    expect((await send('GET', '/posts?author_id=bob-victim')).json?.items).toEqual([]);
  });

  it("cannot delete another user's post: 403, and the post remains; its author can", async () => {
    const bob = await cloud.issuer.token('bob');
    const alice = await cloud.issuer.token('alice');
    const created = await send('POST', '/posts', bob, post);
    const id = created.json?.id as string;

    const refused = await send('DELETE', `/posts/${id}`, alice);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ status: 403, type: '/problems/forbidden' });
    // Still there, unchanged but for its follow-up jobs (the workers run meanwhile).
    const { content, author_id, created_at } = created.json ?? {};
    expect((await send('GET', `/posts/${id}`)).json).toMatchObject({
      id,
      content,
      author_id,
      created_at,
    });

    expect((await send('DELETE', `/posts/${id}`, bob)).status).toBe(204);
    expect((await send('GET', `/posts/${id}`)).status).toBe(404);
    expect((await send('DELETE', `/posts/${id}`, bob)).status).toBe(404);
  });

  it("has their own Idempotency-Keys: another user's same key makes another post", async () => {
    const key = randomUUID();
    const post1 = await fetch(`${cloud.url}/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await cloud.issuer.token('key-a')}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(post),
    });
    const post2 = await fetch(`${cloud.url}/posts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await cloud.issuer.token('key-b')}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(post),
    });
    const [a, b] = (await Promise.all([post1.json(), post2.json()])) as { author_id: string }[];
    expect([post1.status, post2.status]).toEqual([201, 201]);
    expect(post2.headers.get('idempotent-replayed')).toBeNull();
    expect([a?.author_id, b?.author_id]).toEqual(['key-a', 'key-b']);
  });
});

describe('reads', () => {
  it('need no token', async () => {
    const created = await send('POST', '/posts', await cloud.issuer.token('reader'), post);
    const id = created.json?.id as string;
    expect((await send('GET', `/posts/${id}`)).status).toBe(200);
    expect((await send('GET', '/posts?author_id=reader')).status).toBe(200);
    expect((await send('GET', '/posts')).status).toBe(200);
  });
});

describe('the local issuer', () => {
  it('publishes its public key at /_local/jwks.json, and only the public half', async () => {
    const response = await fetch(`${cloud.url}${localUserPool.jwksPath}`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]?.kid).toBe(decodeProtectedHeader(await cloud.issuer.token('x')).kid);
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(keys[0]).not.toHaveProperty(secret);
  });

  it('issues ID tokens shaped like Cognito, for its local pool and client', async () => {
    const claims = decodeJwt(await cloud.issuer.token('carol'));
    expect(claims).toMatchObject({
      sub: 'carol',
      'cognito:username': 'carol',
      token_use: 'id',
      iss: localUserPool.issuer,
      aud: localUserPool.clientId,
      email: 'carol@example.com',
    });
    expect(claims.iss).toMatch(/^https:\/\/cognito-idp\.[a-z0-9-]+\.localhost\/[a-z0-9-]+_\w+$/);
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(service.auth.idTokenValidityMinutes * 60);
  });
});
