import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, generateKeyPair, SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { localUserPool } from '../../local/auth/local-user-pool';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { service } from '../../lib/description';
import { answerFitting } from '../support/contract';
import { typedApiWithToken } from '../support/typed-api';

/** Who may write, over HTTP against the local cloud, as a client sees it. */
let cloud: LocalCloud;
beforeAll(async () => {
  // The API only: the file asserts nothing the workers or the schedules do.
  cloud = await apiCloud();
});

const post = { content: 'Signed and sealed', post_type: 'news' } as const;

/** The typed client, contract-checked, sending `token` as it is (a bad one included). */
const api = (token?: string) => typedApiWithToken(cloud.url, token);
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
      const created = await api(token).POST('/posts', { body: { ...post, content: what } });
      expect(created.response.status, what).toBe(401);
      expect(created.error, what).toMatchObject(unauthorized);
      expect(created.response.headers.get('www-authenticate'), what).toBe('Bearer');
      expect(created.response.headers.get('x-amzn-errortype'), what).toBe('UnauthorizedException');
      const deleted = await api(token).DELETE('/posts/{id}', { params: { path: { id: someId } } });
      expect(deleted.response.status, what).toBe(401);
      expect(deleted.error, what).toMatchObject(unauthorized);
    }
    const written = await api().GET('/posts', { params: { query: { author_id: 'mallory' } } });
    expect(written.data?.items).toEqual([]);
  });
});

describe('a signed-in user', () => {
  it('creates a post whose author is the token subject, with or without naming it', async () => {
    const token = await cloud.issuer.token('alice');
    const unnamed = await api(token).POST('/posts', { body: post });
    expect(unnamed.response.status).toBe(201);
    expect(unnamed.data?.author_id).toBe('alice');
    const named = await api(token).POST('/posts', { body: { ...post, author_id: 'alice' } });
    expect(named.response.status).toBe(201);
    expect(named.data?.author_id).toBe('alice');

    // API Gateway takes the token with or without the Bearer scheme (a raw header).
    const raw = await answerFitting(
      'POST',
      '/posts',
      fetch(`${cloud.url}/posts`, {
        method: 'POST',
        headers: { authorization: token, 'content-type': 'application/json' },
        body: JSON.stringify(post),
      }),
    );
    expect(raw.status).toBe(201);
  });

  it('cannot post as someone else: 403 problem+json, and nothing is written', async () => {
    const token = await cloud.issuer.token('alice');
    const impostor = await api(token).POST('/posts', {
      body: { ...post, author_id: 'bob-victim' },
    });
    expect(impostor.response.status).toBe(403);
    expect(impostor.response.headers.get('content-type')).toBe('application/problem+json');
    expect(impostor.error).toMatchObject({ status: 403, type: '/problems/forbidden' });
    const written = await api().GET('/posts', { params: { query: { author_id: 'bob-victim' } } });
    expect(written.data?.items).toEqual([]);
  });

  it("cannot delete another user's post: 403, and the post remains; its author can", async () => {
    const bob = await cloud.issuer.token('bob');
    const alice = await cloud.issuer.token('alice');
    const created = await api(bob).POST('/posts', { body: post });
    const id = created.data?.id ?? '';
    const byId = { params: { path: { id } } };

    const refused = await api(alice).DELETE('/posts/{id}', byId);
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ status: 403, type: '/problems/forbidden' });
    // Still there, unchanged.
    const { content, author_id, created_at } = created.data ?? {};
    expect((await api().GET('/posts/{id}', byId)).data).toMatchObject({
      id,
      content,
      author_id,
      created_at,
    });

    expect((await api(bob).DELETE('/posts/{id}', byId)).response.status).toBe(204);
    expect((await api().GET('/posts/{id}', byId)).response.status).toBe(404);
    expect((await api(bob).DELETE('/posts/{id}', byId)).response.status).toBe(404);
  });

  it("has their own Idempotency-Keys: another user's same key makes another post", async () => {
    const key = randomUUID();
    const create = async (user: string) =>
      api(await cloud.issuer.token(user)).POST('/posts', {
        params: { header: { 'Idempotency-Key': key } },
        body: post,
      });
    const post1 = await create('key-a');
    const post2 = await create('key-b');
    expect([post1.response.status, post2.response.status]).toEqual([201, 201]);
    expect(post2.response.headers.get('idempotent-replayed')).toBeNull();
    expect([post1.data?.author_id, post2.data?.author_id]).toEqual(['key-a', 'key-b']);
  });
});

describe('reads', () => {
  it('need no token', async () => {
    const created = await api(await cloud.issuer.token('reader')).POST('/posts', { body: post });
    const id = created.data?.id ?? '';
    expect((await api().GET('/posts/{id}', { params: { path: { id } } })).response.status).toBe(
      200,
    );
    const mine = await api().GET('/posts', { params: { query: { author_id: 'reader' } } });
    expect(mine.response.status).toBe(200);
    expect((await api().GET('/posts')).response.status).toBe(200);
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
