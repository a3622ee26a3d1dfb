import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lib/description';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';

/**
 * A query parameter or header may have any name, including the names of
 * Object.prototype's members: a header so named changes nothing, and a query
 * parameter so named is answered as any other unknown parameter (ignored, or
 * refused with 400 where a route accepts only its own), never with a 5xx.
 */
const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

let cloud: LocalCloud;
let postId: string;
beforeAll(async () => {
  cloud = await apiCloud();
  const created = await send(
    'POST',
    '/posts',
    {
      authorization: `Bearer ${await cloud.issuer.token('reader')}`,
      'content-type': 'application/json',
    },
    JSON.stringify({ content: 'A post to read.', post_type: 'personal' }),
  );
  postId = (JSON.parse(created.body) as { id: string }).id;
});

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${cloud.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The request a route gets in this test, signed in as a user of its own (no per-user limit is shared). */
async function requestFor(route: (typeof routes)[number]) {
  // Reads find the post; a DELETE aims at no post, so it answers the same every time.
  const id = route.method === 'DELETE' ? randomUUID() : postId;
  const path = route.path.replace(/\{\w+\}/g, id);
  const headers: Record<string, string> = {
    authorization: `Bearer ${await cloud.issuer.token(`user-${randomUUID()}`)}`,
  };
  if (route.method !== 'POST') return { path, headers, body: undefined };
  headers['content-type'] = 'application/json';
  const bodies: Record<string, unknown> = {
    '/posts': { content: 'Another post.', post_type: 'personal' },
    '/analyze': { text: 'Some text to analyze.' },
    '/webhooks': { url: 'https://example.com/hook' },
    '/posts/{id}/media': { content_type: 'image/png', size: 1024 },
  };
  return { path, headers, body: JSON.stringify(bodies[route.path] ?? {}) };
}

/** What a client compares: the status and, for a problem, its type. */
function answerOf(answer: { status: number; body: string }) {
  let type: unknown;
  try {
    type = (JSON.parse(answer.body) as { type?: unknown }).type;
  } catch {
    type = undefined;
  }
  return { status: answer.status, type };
}

describe.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_, route) => {
  it.each(names)('answers a query parameter or header named %s as any other name', async (name) => {
    const plain = await requestFor(route);
    const expected = answerOf(await send(route.method, plain.path, plain.headers, plain.body));
    expect(expected.status).toBeLessThan(500);

    const query = async (parameter: string) => {
      const sent = await requestFor(route);
      return answerOf(
        await send(route.method, `${sent.path}?${parameter}=x`, sent.headers, sent.body),
      );
    };
    const ordinary = await query('unheard_of');
    expect(ordinary.status).toBeLessThan(500);
    expect(await query(name)).toEqual(ordinary);

    const withHeader = await requestFor(route);
    const headed = await send(
      route.method,
      withHeader.path,
      { ...withHeader.headers, [name]: 'x' },
      withHeader.body,
    );
    expect(answerOf(headed)).toEqual(expected);
  });
});
