import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startLocalCloud } from '../../local/local-cloud';

const dir = await mkdtemp(join(tmpdir(), 'posts-api-persist-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const quiet = { onLine: () => undefined, dataDir: dir };

it('keeps posts across a restart of the local cloud', async () => {
  const first = await startLocalCloud(quiet);
  const created = await fetch(`${first.url}/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'Still here?', post_type: 'news', author_id: 'pat' }),
  });
  const { id } = (await created.json()) as { id: string };
  await first.close();

  const second = await startLocalCloud(quiet);
  try {
    const again = await fetch(`${second.url}/posts/${id}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { content: string }).content).toBe('Still here?');
  } finally {
    await second.close();
  }
});
