import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lib/description';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { checkAnswer } from '../support/contract';

/**
 * API Gateway checks a body against its route's model before it invokes anything: a body
 * the model refuses is the BAD_REQUEST_BODY gateway response (problem+json), and the
 * function is never invoked. The local gateway does the same; this counts invocations.
 */
let cloud: LocalCloud;
let token: string;
beforeAll(async () => {
  cloud = await apiCloud();
  token = await cloud.issuer.token('alice');
});

const invocations = (fn: string) => cloud.pools.get(fn)?.reports.length ?? 0;

async function send(method: string, path: string, body: string, contentType = 'application/json') {
  const res = await fetch(`${cloud.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  // Malformed on purpose (the typed client cannot send these): the answer is still the contract's.
  await checkAnswer(method, path, res);
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, type: res.headers.get('content-type'), body: json };
}

const malformed: Record<string, readonly string[]> = {
  'POST /posts': [
    '{}',
    '[]',
    '"a post"',
    '{"content":"x","post_type":"blog"}',
    '{"content":"","post_type":"news"}',
    '{"content":"x","post_type":"news","extra":1}',
    '{"content":"x","post_type":"news","tags":[1]}',
    '{"content":',
  ],
  'POST /analyze': ['{"text":5}', '{}'],
  'POST /webhooks': ['{"url":"https://h.example/x","events":[]}'],
  'POST /posts/{id}/media': [
    '{"content_type":"image/gif","size":10}',
    '{"content_type":"image/png","size":0}',
  ],
};

describe('the request models at the local gateway', () => {
  it('has a model for every route that takes a body', () => {
    expect(Object.keys(malformed).sort()).toEqual(
      routes
        .filter((r) => r.body)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
  });

  it('answers a body its model refuses with 400 problem+json, invoking no function', async () => {
    for (const [key, bodies] of Object.entries(malformed)) {
      const [method = '', template = ''] = key.split(' ');
      const route = routes.find((r) => `${r.method} ${r.path}` === key);
      const fn = route?.function ?? '';
      const path = template.replace('{id}', '3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70');
      const before = invocations(fn);
      for (const body of bodies) {
        const answer = await send(method, path, body);
        expect(answer.status, `${key} ${body}`).toBe(400);
        expect(answer.type).toBe('application/problem+json');
        expect(answer.body).toMatchObject({
          type: '/problems/bad-request',
          status: 400,
          detail: expect.stringMatching(/^Invalid request body: \[.+\]$/),
        });
      }
      expect(invocations(fn), key).toBe(before);
    }
  });

  it('names the field the model refused in the detail, as the cloud template does', async () => {
    const before = invocations('createPost');
    const noContent = await send('POST', '/posts', '{"post_type":"news"}');
    expect(noContent.status).toBe(400);
    expect(noContent.type).toBe('application/problem+json');
    expect(noContent.body.detail).toBe(
      'Invalid request body: [object has missing required properties (["content"])]',
    );
    const badType = await send('POST', '/posts', '{"content":"x","post_type":"blog"}');
    expect(badType.body.detail).toContain('/post_type');
    const extra = await send('POST', '/posts', '{"content":"x","post_type":"news","mood":1}');
    expect(extra.body.detail).toContain('"mood"');
    expect(invocations('createPost')).toBe(before);
  });

  it('invokes the function for a body the model lets through, which still checks it', async () => {
    const before = invocations('createPost');
    const created = await send('POST', '/posts', '{"content":"Modelled","post_type":"news"}');
    expect(created.status).toBe(201);
    // The text policy is the schema's refinement, not the model's: the function refuses it.
    const refused = await send('POST', '/posts', '{"content":"bell \\u0007","post_type":"news"}');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'content' })]);
    expect(invocations('createPost')).toBe(before + 2);
  });

  it('lets another content type through to the function, which answers 415', async () => {
    const before = invocations('createPost');
    const answer = await send('POST', '/posts', 'content=x', 'text/plain');
    expect(answer.status).toBe(415);
    expect(invocations('createPost')).toBe(before + 1);
  });
});
