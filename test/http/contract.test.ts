import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { typedApi } from '../support/typed-api';

/**
 * The local cloud's answers against docs/openapi.json: each route's success and its usual
 * problems, through the typed client, whose contract check validates every answer with the
 * document's own schemas (lib/contract/answer-contract.ts): a drifted answer rejects the call.
 */
let cloud: LocalCloud;
beforeAll(async () => {
  // The API only: the file asserts nothing the workers or the schedules do.
  cloud = await apiCloud();
});

const api = typedApi(
  () => cloud.url,
  (user) => cloud.issuer.token(user),
);

describe('answers fit docs/openapi.json', () => {
  it('for posts: create, read, list, stats, delete, and their problems', async () => {
    const carol = await api.as('carol');
    const created = await carol.POST('/posts', {
      body: { content: 'Contract', post_type: 'news', tags: ['api'] },
    });
    expect(created.response.status).toBe(201);
    const id = created.data?.id ?? '';
    const path = { id };
    expect((await api.GET('/posts/{id}', { params: { path } })).response.status).toBe(200);
    const query = { author_id: 'carol', limit: 5 };
    expect((await api.GET('/posts', { params: { query } })).response.status).toBe(200);
    expect((await api.GET('/stats', { params: { query: { days: 3 } } })).response.status).toBe(200);
    const notUuid = { path: { id: 'not-a-uuid' } };
    expect((await api.GET('/posts/{id}', { params: notUuid })).response.status).toBe(400);
    expect((await api.GET('/posts', { params: { query: { limit: 0 } } })).response.status).toBe(
      400,
    );
    const missing = { path: { id: '3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70' } };
    expect((await api.GET('/posts/{id}', { params: missing })).response.status).toBe(404);
    // Not a post type: the types refuse it too, so the test says it sends it on purpose.
    const meme = { content: 'x', post_type: 'meme' } as never;
    expect((await carol.POST('/posts', { body: meme })).response.status).toBe(400);
    const anonymous = await api.POST('/posts', { body: { content: 'x', post_type: 'news' } });
    expect(anonymous.response.status).toBe(401);
    expect((await carol.DELETE('/posts/{id}', { params: { path } })).response.status).toBe(204);
  });

  it('for jobs, webhooks and health', async () => {
    const carol = await api.as('carol');
    const queued = await carol.POST('/analyze', { body: { text: 'Simple. Fine.' } });
    expect(queued.response.status).toBe(202);
    const job = { path: { id: queued.data?.job_id ?? '' } };
    expect((await carol.GET('/jobs/{id}', { params: job })).response.status).toBe(200);
    expect((await carol.GET('/webhooks')).response.status).toBe(200);
    expect((await api.GET('/health')).response.status).toBe(200);
    expect((await carol.GET('/health/details')).response.status).toBe(403);
  });
});
