import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createApiClient } from '../../lib/contract/api-client';
import { startLocalCloud } from '../../local/local-cloud';
import { contractCheck } from '../support/contract';

const dir = await mkdtemp(join(tmpdir(), 'posts-api-persist-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

// What a restart keeps, not what the workers or the schedules do: no queue pollers, no cache probe.
const quiet = { onLine: () => undefined, dataDir: dir, eventSources: false, schedules: false };

it('keeps posts and the token key across a restart of the local cloud', async () => {
  const first = await startLocalCloud(quiet);
  const token = await first.issuer.token('pat');
  const middleware = [contractCheck];
  const created = await createApiClient(first.url, { token, middleware }).POST('/posts', {
    body: { content: 'Still here?', post_type: 'news', author_id: 'pat' },
  });
  const id = created.data?.id ?? '';
  await first.close();

  const second = await startLocalCloud(quiet);
  try {
    const path = { id };
    const again = await createApiClient(second.url, { middleware }).GET('/posts/{id}', {
      params: { path },
    });
    expect(again.response.status).toBe(200);
    expect(again.data?.content).toBe('Still here?');
    // The issuer's key is kept too: a token from before the restart still signs in.
    const deleted = await createApiClient(second.url, { token, middleware }).DELETE('/posts/{id}', {
      params: { path },
    });
    expect(deleted.response.status).toBe(204);
  } finally {
    await second.close();
  }
});
