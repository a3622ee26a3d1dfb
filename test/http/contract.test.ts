import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { contractProblems } from '../support/contract';

/**
 * The local cloud's answers against docs/openapi.json: each route's success and its usual
 * problems, checked with the document's own schemas (test/support/contract.ts).
 */
let cloud: LocalCloud;
let token: string;
beforeAll(async () => {
  cloud = await startLocalCloud({ onLine: () => undefined, schedules: false });
  token = await cloud.issuer.token('carol');
});
afterAll(() => cloud?.close());

async function call(
  method: string,
  template: string,
  path: string,
  init: { body?: unknown; signedIn?: boolean } = {},
) {
  const res = await fetch(`${cloud.url}${path}`, {
    method,
    headers: {
      ...(init.signedIn === false ? {} : { authorization: `Bearer ${token}` }),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  const type = res.headers.get('content-type');
  expect(contractProblems(method, template, res.status, type, body), `${method} ${path}`).toEqual(
    [],
  );
  return { status: res.status, body: body as Record<string, unknown> };
}

describe('answers fit docs/openapi.json', () => {
  it('for posts: create, read, list, stats, delete, and their problems', async () => {
    const created = await call('POST', '/posts', '/posts', {
      body: { content: 'Contract', post_type: 'news', tags: ['api'] },
    });
    expect(created.status).toBe(201);
    const id = String(created.body.id);
    expect((await call('GET', '/posts/{id}', `/posts/${id}`)).status).toBe(200);
    expect((await call('GET', '/posts', '/posts?author_id=carol&limit=5')).status).toBe(200);
    expect((await call('GET', '/stats', '/stats?days=3')).status).toBe(200);
    expect((await call('GET', '/posts/{id}', '/posts/not-a-uuid')).status).toBe(400);
    expect((await call('GET', '/posts', '/posts?limit=0')).status).toBe(400);
    const missing = '3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70';
    expect((await call('GET', '/posts/{id}', `/posts/${missing}`)).status).toBe(404);
    const body = { content: 'x', post_type: 'meme' };
    expect((await call('POST', '/posts', '/posts', { body })).status).toBe(400);
    const anonymous = { body: { content: 'x', post_type: 'news' }, signedIn: false };
    expect((await call('POST', '/posts', '/posts', anonymous)).status).toBe(401);
    expect((await call('DELETE', '/posts/{id}', `/posts/${id}`)).status).toBe(204);
  });

  it('for jobs, webhooks and health', async () => {
    const queued = await call('POST', '/analyze', '/analyze', { body: { text: 'Simple. Fine.' } });
    expect(queued.status).toBe(202);
    const jobId = String(queued.body.job_id);
    expect((await call('GET', '/jobs/{id}', `/jobs/${jobId}`)).status).toBe(200);
    expect((await call('GET', '/webhooks', '/webhooks')).status).toBe(200);
    expect((await call('GET', '/health', '/health', { signedIn: false })).status).toBe(200);
    expect((await call('GET', '/health/details', '/health/details')).status).toBe(403);
  });
});
