import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { startLocalCloud } from '../../local/local-cloud';
import { typedApiWithToken } from '../support/typed-api';

const run = promisify(execFile);
const dir = await mkdtemp(join(tmpdir(), 'posts-api-token-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** `npm run -s token -- <user>` is `tsx bin/token.ts <user>`; run it as the script does. */
function token(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'bin/token.ts', ...args], {
    env: { ...process.env, LOCAL_DATA_DIR: dir },
  });
}

it('prints only a token, which the local cloud on the same data folder accepts for that user', async () => {
  // First use makes the key; the cloud started afterwards must sign and verify with it.
  const { stdout, stderr } = await token('alice');
  expect(stderr).toBe('');
  expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);

  // The token's signature only: no queue pollers, no cache probe.
  const cloud = await startLocalCloud({
    dataDir: dir,
    onLine: () => undefined,
    eventSources: false,
    schedules: false,
  });
  try {
    const created = await typedApiWithToken(cloud.url, stdout.trim()).POST('/posts', {
      body: { content: 'from the CLI token', post_type: 'news' },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.author_id).toBe('alice');
  } finally {
    await cloud.close();
  }
});

it('refuses a missing or unusable user name on stderr, with a non-zero exit', async () => {
  await expect(token()).rejects.toMatchObject({ code: 2, stdout: '' });
  await expect(token('bob smith')).rejects.toMatchObject({
    code: 1,
    stdout: '',
    stderr: expect.stringContaining('not a usable user name'),
  });
});
