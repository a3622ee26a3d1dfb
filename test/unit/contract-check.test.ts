import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examples } from '../../lib/contract/examples';
import { answerFitting, checkAnswer, ContractDrift } from '../support/contract';
import { apiClient } from '../support/http-client';
import { typedApi } from '../support/typed-api';

/**
 * The typed client's contract check on answers that drift from docs/openapi.json: a stand-in
 * API answers what each test sets, and the call must reject (or pass when the answer fits).
 */
let answer: { status: number; type?: string; body?: string } = { status: 200 };
let server: Server;
beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(answer.status, answer.type ? { 'content-type': answer.type } : {});
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const api = typedApi(() => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
const id = '3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70';
const getPost = () => api.GET('/posts/{id}', { params: { path: { id } } });
const json = 'application/json';

describe('the contract check of the typed client', () => {
  it('lets an answer that fits the document through, typed', async () => {
    answer = { status: 200, type: json, body: JSON.stringify(examples.PostDetails) };
    const { data } = await getPost();
    expect(data?.id).toBe((examples.PostDetails as { id: string }).id);
  });

  it('fails an answer whose body drifted from the schema (a field missing, one added)', async () => {
    const drifted: Record<string, unknown> = { ...(examples.PostDetails as object) };
    delete drifted.content;
    answer = { status: 200, type: json, body: JSON.stringify(drifted) };
    await expect(getPost()).rejects.toThrow(/GET \/posts\/\{id\} answered 200.*content/);
    const extra = { ...(examples.PostDetails as object), jobs: { textAnalysis: 'done' } };
    answer = { status: 200, type: json, body: JSON.stringify(extra) };
    await expect(getPost()).rejects.toBeInstanceOf(ContractDrift);
  });

  it('fails a status the operation does not declare, even with a problem+json body', async () => {
    const problem = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'x' };
    answer = { status: 409, type: 'application/problem+json', body: JSON.stringify(problem) };
    await expect(getPost()).rejects.toThrow('does not declare 409');
  });

  it('fails an answer of another media type, or a body where the document declares none', async () => {
    answer = { status: 200, type: 'text/html', body: '<p>hello</p>' };
    await expect(getPost()).rejects.toThrow(/text\/html/);
    answer = { status: 204, type: json, body: '' };
    await expect(api.DELETE('/posts/{id}', { params: { path: { id } } })).resolves.toBeDefined();
    answer = { status: 200, type: json, body: '{"ok":true}' };
    await expect(api.DELETE('/posts/{id}', { params: { path: { id } } })).rejects.toThrow(
      'does not declare 200',
    );
  });
});

describe('the public list page in the document', () => {
  it("holds public posts only: an item with a post's jobs or failure drifts", async () => {
    const post = examples.PostPage as { items: object[] };
    answer = { status: 200, type: json, body: JSON.stringify(post) };
    await expect(api.GET('/posts')).resolves.toBeDefined();
    for (const extra of [{ jobs: { analytics: 'done' } }, { failure: { follow_up: 'x' } }]) {
      const items = post.items.map((item) => ({ ...item, ...extra }));
      answer = { status: 200, type: json, body: JSON.stringify({ items }) };
      await expect(api.GET('/posts')).rejects.toThrow('must NOT have additional properties');
    }
  });
});

describe("the tests' untyped apiClient", () => {
  it('checks its answers against the document too, by the path template they match', async () => {
    const plain = apiClient(() => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    answer = { status: 200, type: json, body: JSON.stringify(examples.PostDetails) };
    expect((await plain.get(`/posts/${id}`)).status).toBe(200);
    answer = { status: 200, type: json, body: '{"id":"x"}' };
    await expect(plain.get(`/posts/${id}`)).rejects.toThrow(/GET \/posts\/\{id\} answered 200/);
    answer = { status: 418, type: json, body: '{}' };
    await expect(plain.get('/health/details')).rejects.toThrow('does not declare 418');
  });
});

describe('the contract check of a raw answer (a request the typed client cannot express)', () => {
  const raw = (path: string) =>
    fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{not json',
    });

  it('passes a declared answer and leaves its body to read', async () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'x' };
    answer = { status: 400, type: 'application/problem+json', body: JSON.stringify(problem) };
    const response = await answerFitting('POST', '/posts', raw('/posts'));
    expect(await response.json()).toEqual(problem);
  });

  it('reports a drifted answer, naming the operation and the field', async () => {
    const problem = { type: 'about:blank', title: 'Bad Request', status: 'four hundred' };
    answer = { status: 400, type: 'application/problem+json', body: JSON.stringify(problem) };
    const drift = await checkAnswer('POST', '/posts', await raw('/posts')).catch((e: unknown) => e);
    expect(drift).toBeInstanceOf(ContractDrift);
    expect(String(drift)).toMatch(/POST \/posts answered 400 outside docs\/openapi\.json/);
    expect(String(drift)).toMatch(/\/status must be/);
    answer = { status: 400, type: 'text/plain', body: 'Bad Request' };
    await expect(
      answerFitting('POST', `/posts/${id}/media`, raw(`/posts/${id}/media`)),
    ).rejects.toThrow(/POST \/posts\/\{id\}\/media answered 400.*text\/plain/);
  });

  it('refuses a path that is no operation of the document', async () => {
    answer = { status: 200, type: json, body: '{}' };
    await expect(answerFitting('POST', '/nowhere', raw('/nowhere'))).rejects.toThrow(
      'POST /nowhere is not in docs/openapi.json',
    );
  });
});
