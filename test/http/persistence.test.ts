import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startLocalCloud } from '../../local/local-cloud';

const dir = await mkdtemp(join(tmpdir(), 'posts-api-persist-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const quiet = { onLine: () => undefined, dataDir: dir };

it('keeps posts and the token key across a restart of the local cloud', async () => {
  const first = await startLocalCloud(quiet);
  const token = await first.issuer.token('pat');
  const created = await fetch(`${first.url}/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ content: 'Still here?', post_type: 'news', author_id: 'pat' }),
  });
  const { id } = (await created.json()) as { id: string };
  await first.close();

  const second = await startLocalCloud(quiet);
  try {
    const again = await fetch(`${second.url}/posts/${id}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { content: string }).content).toBe('Still here?');
    // The issuer's key is kept too: a token from before the restart still signs in.
    const deleted = await fetch(`${second.url}/posts/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);
  } finally {
    await second.close();
  }
});
