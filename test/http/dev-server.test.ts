import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { checkAnswer, isOperation } from '../support/contract';
import { typedApiWithToken } from '../support/typed-api';

/** The API over HTTP, as `npm run dev` serves it: gateway, Lambda pools, dynalite. */
let cloud: LocalCloud;
beforeAll(async () => {
  // The API only: the file asserts nothing the workers or the schedules do.
  cloud = await apiCloud();
});

const post = { content: 'Over HTTP', post_type: 'personal', author_id: 'henry' } as const;

/**
 * A raw request, for what the typed client cannot send (malformed bodies, wrong content types,
 * raw headers, routes the API does not have); an answer to an operation of the document is
 * still checked against it.
 */
async function send(
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${cloud.url}${path}`, {
    method,
    body: init.body,
    headers: init.headers,
  });
  if (isOperation(method, path)) await checkAnswer(method, path, response);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}
/** The Authorization header of a signed-in user (the token's subject is `user`). */
const as = async (user: string) => ({ authorization: `Bearer ${await cloud.issuer.token(user)}` });

/** The typed client, contract-checked, signed in as `user` if given. */
const api = async (user?: string) =>
  typedApiWithToken(cloud.url, user && (await cloud.issuer.token(user)));
const byId = (id: string) => ({ params: { path: { id } } });

/** Creates as the post's own author, who is signed in. */
const create = async (body: typeof post | { author_id: string; content: string }, key?: string) =>
  (await api(body.author_id)).POST('/posts', {
    params: { header: key === undefined ? {} : { 'Idempotency-Key': key } },
    body: { ...post, ...body },
  });

describe('the API over HTTP', () => {
  it('round-trips create, get, list and delete', async () => {
    const created = await create(post);
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? '';
    expect(created.response.headers.get('location')).toBe(`/posts/${id}`);
    expect(created.response.headers.get('x-amzn-requestid')).toBeTruthy();

    // Status and updated_at are the follow-up jobs' to move on (no worker runs here). Their
    // progress (`jobs`) is the author's, on /processing: not in the public read.
    const { jobs, ...shown } = created.data ?? {};
    expect(jobs).toBeDefined();
    expect((await (await api()).GET('/posts/{id}', byId(id))).data).toEqual({
      ...shown,
      status: expect.stringMatching(/^(processing|ready)$/),
      updated_at: expect.any(String),
      media: [],
    });
    const staged = typedApiWithToken(`${cloud.url}/v1`);
    expect((await staged.GET('/posts/{id}', byId(id))).response.status).toBe(200);
    const anyone = await api();
    const list = await anyone.GET('/posts', {
      params: { query: { author_id: 'henry', limit: 5 } },
    });
    expect(list.data?.items.map((p) => p.id)).toContain(id);
    const feed = await anyone.GET('/posts');
    expect(feed.data?.items[0]?.id).toBe(id);

    const henry = await api('henry');
    expect((await henry.DELETE('/posts/{id}', byId(id))).response.status).toBe(204);
    expect((await anyone.GET('/posts/{id}', byId(id))).response.status).toBe(404);
    expect((await henry.DELETE('/posts/{id}', byId(id))).response.status).toBe(404);
  });

  it('creates one post for the same Idempotency-Key twice, and refuses it with another body', async () => {
    const key = randomUUID();
    const author = `idem-${key.slice(0, 8)}`;
    const first = await create({ ...post, author_id: author }, key);
    const second = await create({ ...post, author_id: author }, key);
    expect(first.response.status).toBe(201);
    expect(second.response.status).toBe(201);
    expect(second.data).toEqual(first.data);
    expect(second.response.headers.get('idempotent-replayed')).toBe('true');
    const listed = await (await api()).GET('/posts', { params: { query: { author_id: author } } });
    expect(listed.data?.items).toHaveLength(1);

    const other = await create({ ...post, author_id: author, content: 'changed' }, key);
    expect(other.response.status).toBe(422);
    expect(other.response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('pages newest first with a cursor, and refuses a tampered cursor with 400', async () => {
    const author = `page-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 3; i += 1) await create({ ...post, author_id: author, content: `n${i}` });
    const anyone = await api();
    const page = (cursor?: string) =>
      anyone.GET('/posts', { params: { query: { author_id: author, limit: 2, cursor } } });
    const first = await page();
    expect(first.data?.items.map((p) => p.content)).toEqual(['n2', 'n1']);
    const cursor = first.data?.next_cursor ?? '';
    const second = await page(cursor);
    expect(second.data?.items.map((p) => p.content)).toEqual(['n0']);

    const tampered = Buffer.from(
      Buffer.from(cursor, 'base64url').toString().replace('POST#', 'POST#x'),
    ).toString('base64url');
    for (const bad of [tampered, 'garbage', `${cursor}x`]) {
      const answer = await page(bad);
      expect(answer.response.status, bad).toBe(400);
      expect(answer.error && 'errors' in answer.error && answer.error.errors).toEqual([
        expect.objectContaining({ field: 'cursor' }),
      ]);
    }
  });

  it('answers every bad input with a 4xx problem+json, never a 5xx', async () => {
    const signedIn = await as('henry');
    const json = { 'content-type': 'application/json', ...signedIn };
    const cases: [string, string, { body?: string; headers?: Record<string, string> }, number][] = [
      ['malformed JSON', '/posts', { body: '{"content": "x",', headers: json }, 400],
      [
        'wrong content type',
        '/posts',
        {
          body: 'content=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedIn },
        },
        415,
      ],
      // Taken as JSON by API Gateway's model (it fits), then refused by the function.
      ['no content type', '/posts', { body: JSON.stringify(post), headers: signedIn }, 415],
      [
        'body over 64 KB',
        '/posts',
        // Padded with whitespace, so it fits the model (a 66 KB `content` is the model's 400).
        { body: `${JSON.stringify(post).slice(0, -1)}${' '.repeat(66_000)}}`, headers: json },
        413,
      ],
      [
        'unknown field',
        '/posts',
        { body: JSON.stringify({ ...post, views: 1 }), headers: json },
        400,
      ],
      [
        'content too long',
        '/posts',
        { body: JSON.stringify({ ...post, content: 'x'.repeat(3001) }), headers: json },
        400,
      ],
      [
        'bad post type',
        '/posts',
        { body: JSON.stringify({ ...post, post_type: 'meme' }), headers: json },
        400,
      ],
      [
        '11 tags',
        '/posts',
        { body: JSON.stringify({ ...post, tags: Array(11).fill('t') }), headers: json },
        400,
      ],
      ['a JSON array', '/posts', { body: '[]', headers: json }, 400],
      [
        'long Idempotency-Key',
        '/posts',
        { body: JSON.stringify(post), headers: { ...json, 'idempotency-key': 'k'.repeat(256) } },
        400,
      ],
    ];
    for (const [what, path, init, status] of cases) {
      const answer = await send('POST', path, init);
      expect(answer.status, what).toBe(status);
      expect(answer.headers.get('content-type'), what).toBe('application/problem+json');
      expect(answer.json, what).toMatchObject({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      });
    }
    for (const [path, status] of [
      ['/posts/not-a-uuid', 400],
      ['/posts?limit=0', 400],
      ['/posts?limit=101', 400],
      ['/posts?limit=ten', 400],
      ['/posts?author_id=bad%20id', 400],
      ['/posts?sort=asc', 400],
      [`/posts/${randomUUID()}`, 404],
    ] as const) {
      const answer = await send('GET', path);
      expect(answer.status, path).toBe(status);
      expect(answer.headers.get('content-type'), path).toBe('application/problem+json');
    }
    expect((await send('DELETE', '/posts/zzz', { headers: signedIn })).status).toBe(400);
  });

  it('answers an unknown route as the deployed API does: 404 problem+json', async () => {
    const answer = await send('GET', '/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(answer.json).toEqual({
      type: '/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'Missing Authentication Token',
      requestId: answer.headers.get('x-amzn-requestid'),
    });
    expect((await send('PATCH', '/posts')).status).toBe(404);
  });
});
