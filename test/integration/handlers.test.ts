import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEvent, lambdaContext, signedIn, withClaims } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';
import { localJobQueues, type LocalJobQueues } from '../support/local-job-queues';
import { localMediaBucket, type LocalMediaBucket } from '../support/local-media-bucket';

/**
 * The deployed handlers, called as Lambda calls them, against dynalite: the
 * real SDK client and the real DynamoDB API, no mocks.
 */
type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
let table: Awaited<ReturnType<typeof localTable>>;
let media: LocalMediaBucket;
let jobQueues: LocalJobQueues;
const handlers: Record<string, Handler> = {};

beforeAll(async () => {
  table = await localTable();
  media = await localMediaBucket();
  jobQueues = await localJobQueues();
  // Handlers read TABLE_NAME at load, as they do in a container.
  for (const name of ['create-post', 'get-post', 'list-posts', 'delete-post']) {
    handlers[name] = (
      (await import(`../../functions/api/${name}.ts`)) as { handler: Handler }
    ).handler;
  }
});
afterAll(async () => {
  await table.close();
  await media.close();
  await jobQueues.close();
});

function call(name: string, event: Parameters<typeof apiEvent>[0]) {
  const handler = handlers[name];
  if (!handler) throw new Error(name);
  return handler(apiEvent(event), lambdaContext(name));
}

const post = { content: 'From a handler test', post_type: 'educational', author_id: 'hana' };
const json = { 'Content-Type': 'application/json' };

describe('API handlers against DynamoDB', () => {
  it('create answers 201 with Location and enqueues its follow-ups, then get, list and delete agree', async () => {
    const created = await call('create-post', {
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify(post),
      requestContext: signedIn('hana'),
    });
    expect(created.statusCode).toBe(201);
    const body = JSON.parse(created.body) as { id: string; status: string };
    expect(created.headers?.location).toBe(`/posts/${body.id}`);
    expect(body.status).toBe('processing');
    // Its follow-up jobs are on their queues, not left for the sweeper.
    for (const queue of ['analytics', 'notifications', 'image'] as const) {
      expect(jobQueues.depth(queue), queue).toBe(1);
    }

    // The public read: the post without its follow-up jobs (those are its author's).
    const got = await call('get-post', { pathParameters: { id: body.id } });
    const shown: Record<string, unknown> = { ...body };
    expect(shown.jobs).toBeDefined();
    delete shown.jobs;
    expect(JSON.parse(got.body)).toEqual({ ...shown, media: [] });

    const listed = await call('list-posts', { queryStringParameters: { author_id: 'hana' } });
    expect(
      (JSON.parse(listed.body) as { items: { id: string }[] }).items.map((p) => p.id),
    ).toContain(body.id);

    expect(
      (
        await call('delete-post', {
          httpMethod: 'DELETE',
          pathParameters: { id: body.id },
          requestContext: signedIn('hana'),
        })
      ).statusCode,
    ).toBe(204);
    expect((await call('get-post', { pathParameters: { id: body.id } })).statusCode).toBe(404);
  });

  it('echoes the caller x-request-id, or the API Gateway request id', async () => {
    const given = await call('get-post', {
      headers: { 'X-Request-Id': 'trace-123' },
      pathParameters: { id: 'not-a-uuid' },
    });
    expect(given.headers?.['x-request-id']).toBe('trace-123');
    const event = apiEvent({ pathParameters: { id: 'not-a-uuid' } });
    const own = await handlers['get-post']?.(event, lambdaContext('get-post'));
    expect(own?.headers?.['x-request-id']).toBe(event.requestContext.requestId);
  });

  it('answers every bad input with a 4xx problem+json and writes nothing', async () => {
    const cases: [Parameters<typeof apiEvent>[0], number][] = [
      [{ httpMethod: 'POST', headers: json, body: '{"content":' }, 400],
      [{ httpMethod: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }, 415],
      [
        {
          httpMethod: 'POST',
          headers: json,
          body: JSON.stringify({ ...post, content: 'x'.repeat(70_000) }),
        },
        413,
      ],
      [
        { httpMethod: 'POST', headers: json, body: JSON.stringify({ ...post, author_id: 'x y' }) },
        400,
      ],
      [{ httpMethod: 'POST', headers: json, body: null }, 400],
    ];
    for (const [event, status] of cases) {
      const answer = await call('create-post', { ...event, requestContext: signedIn('x') });
      expect(answer.statusCode, JSON.stringify(event).slice(0, 80)).toBe(status);
      expect(answer.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({
        status,
        title: expect.any(String),
        detail: expect.any(String),
      });
    }
    const listed = await call('list-posts', { queryStringParameters: { author_id: 'x' } });
    expect(JSON.parse(listed.body)).toEqual({ items: [] });
  });

  it('refuses content holding U+0000 or U+FFFF with a 400 naming the field', async () => {
    for (const content of ['nul \u0000 here', 'nonchar \uFFFF here']) {
      const answer = await call('create-post', {
        httpMethod: 'POST',
        headers: json,
        // JSON.stringify escapes U+0000 (\u0000) and leaves U+FFFF raw: both reach the check.
        body: JSON.stringify({ ...post, content }),
        requestContext: signedIn('x'),
      });
      expect(answer.statusCode).toBe(400);
      expect(JSON.parse(answer.body).errors).toEqual([
        { field: 'content', message: expect.stringContaining('no control characters') },
      ]);
    }
  });

  it('takes the author from the claims, never from the body', async () => {
    const anonymous = { content: post.content, post_type: post.post_type };
    const created = await call('create-post', {
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify(anonymous),
      requestContext: signedIn('from-token'),
    });
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body)).toMatchObject({ author_id: 'from-token' });

    const impostor = await call('create-post', {
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ ...post, author_id: 'someone-else' }),
      requestContext: signedIn('from-token'),
    });
    expect(impostor.statusCode).toBe(403);
    expect(impostor.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(impostor.body)).toMatchObject({ status: 403, type: '/problems/forbidden' });
    const listed = await call('list-posts', {
      queryStringParameters: { author_id: 'someone-else' },
    });
    expect(JSON.parse(listed.body)).toEqual({ items: [] });
  });

  it('lets only the author delete a post: 403 for anyone else, and the post stays', async () => {
    const created = await call('create-post', {
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ ...post, author_id: 'owner' }),
      requestContext: signedIn('owner'),
    });
    const { id } = JSON.parse(created.body) as { id: string };
    const other = await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id },
      requestContext: signedIn('not-owner'),
    });
    expect(other.statusCode).toBe(403);
    expect(JSON.parse(other.body)).toMatchObject({ status: 403, type: '/problems/forbidden' });
    expect((await call('get-post', { pathParameters: { id } })).statusCode).toBe(200);
  });

  it('refuses a write route reached without claims with 401 problem+json, never a 500', async () => {
    // What a route wired without its authorizer would deliver: no claims at all.
    const created = await call('create-post', {
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ ...post, content: 'never stored' }),
    });
    const deleted = await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id: '00000000-0000-4000-8000-000000000000' },
      requestContext: withClaims({}),
    });
    for (const answer of [created, deleted]) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers?.['content-type']).toBe('application/problem+json');
      expect(answer.headers?.['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 401,
        type: '/problems/unauthorized',
      });
    }
    const listed = await call('list-posts', { queryStringParameters: { author_id: 'hana' } });
    const contents = (JSON.parse(listed.body) as { items: { content: string }[] }).items.map(
      (p) => p.content,
    );
    expect(contents).not.toContain('never stored');
  });

  it('stops before Lambda would: 504 problem+json with Retry-After when the deadline passes', async () => {
    // 1.5 s left and a 1 s margin: the handler has 0.5 s, and the GET is fast;
    // with 0.9 s left, the deadline has passed before any work starts.
    const handler = handlers['get-post'];
    const event = apiEvent({ pathParameters: { id: '00000000-0000-4000-8000-000000000000' } });
    const late = await handler?.(event, lambdaContext('get-post', 1_001));
    expect(late?.statusCode).toBe(504);
    expect(late?.headers?.['retry-after']).toBeDefined();
    expect(JSON.parse(late?.body ?? '{}')).toMatchObject({ status: 504 });
  });
});
