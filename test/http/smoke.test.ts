import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/local-cloud';
import { workersCloud } from '../support/shared-clouds';
import { typedApiWithToken } from '../support/typed-api';

/**
 * `npm run smoke` as a user runs it, against the local cloud as `npm run dev` serves it
 * (the worker's shared one, its queue workers running), with the data folder it signs its
 * tokens with (LOCAL_DATA_DIR). Each run is a user of its own, so what other files left
 * there is not what a run finds or leaves behind.
 */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await workersCloud();
});

/** `npm run smoke` as its script runs it, signing with the shared cloud's key (no token given). */
const smokeArgs = (args: string[]) => ['--import', 'tsx', 'bin/smoke.ts', ...args];
const smokeEnv = (dataDir = cloud.dataDir) => ({
  ...process.env,
  LOCAL_DATA_DIR: dataDir,
  SMOKE_TOKEN: '',
});

/** A run of `npm run smoke`, signing with the key in `dataDir` (the shared cloud's by default). */
function smokeWith(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      smokeArgs(args),
      { timeout: 120_000, env: smokeEnv(dataDir) },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}
const smoke = (...args: string[]) => smokeWith(cloud.dataDir, ...args);

/** The user a run signed in as, from its first line, and what is left of theirs. */
async function leftBehind(stdout: string) {
  const user = /as (smoke-[0-9a-f]+) \(minted locally, key in /.exec(stdout)?.[1] ?? '';
  expect(user).not.toBe('');
  const posts = await typedApiWithToken(cloud.url).GET('/posts', {
    params: { query: { author_id: user } },
  });
  const hooks = await typedApiWithToken(cloud.url, await cloud.issuer.token(user)).GET('/webhooks');
  return { posts: posts.data, webhooks: hooks.data };
}

const steps = (stdout: string) =>
  stdout.split('\n').filter((line) => /^(ok|FAIL|skip) /.test(line));

describe('npm run smoke', () => {
  // Every function's first call is a cold start (about a second each on a busy machine).
  it(
    'passes every step against the local cloud, and leaves nothing behind',
    { timeout: 120_000 },
    async () => {
      const { code, stdout, stderr } = await smoke(cloud.url);
      expect(stderr).toBe('');
      expect(steps(stdout).length, stdout).toBeGreaterThan(15);
      expect(steps(stdout).filter((line) => !line.startsWith('ok '))).toEqual([]);
      expect(code).toBe(0);
      for (const flow of [
        /^ok +201 .*POST \/posts with an Idempotency-Key/m,
        /^ok +201 .*the same answer \(replayed\)/m,
        /^ok +200 .*two pages through next_cursor/m,
        /^ok +200 .*X-Cache: .*\(MISS then HIT\)/m,
        /^ok +200 .*GET \/jobs\/\{id\} until succeeded/m,
        /^ok .*the post.created callback arrives, signed/m,
        /^ok +2\d\d .*presigned POST to S3/m,
        /^ok +200 .*until the image is processed \(ready\)/m,
        /^ok +404 .*DELETE \/posts\/\{id\}, then GET/m,
        /^ok +\d{3} +\d+ ms +GET \/external-data/m,
      ]) {
        expect(stdout).toMatch(flow);
      }
      expect(await leftBehind(stdout)).toEqual({ posts: { items: [] }, webhooks: { items: [] } });
    },
  );

  it('exits 1 with the failing steps named when the API does not answer', async () => {
    const closed = new URL(cloud.url);
    closed.port = '9'; // discard: nothing answers HTTP there
    const { code, stdout } = await smoke(closed.origin);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^FAIL --- +\d+ ms {2}GET \/health \(/m);
    expect(stdout).toMatch(/^smoke: \d+ of \d+ steps failed$/m);
  });

  it("signed with another data folder's key (a second npm run dev), names that folder when the API answers 401", async () => {
    const other = await mkdtemp(join(tmpdir(), 'posts-api-smoke-key-'));
    try {
      const { code, stdout, stderr } = await smokeWith(other, cloud.url);
      expect(code).toBe(1);
      expect(stdout).toContain(`(minted locally, key in ${other})`);
      expect(stdout).toMatch(/^FAIL 401 .*POST \/posts with an Idempotency-Key/m);
      expect(stderr).toBe(
        `smoke: the API refused the token minted with the key in ${other} (401); a local cloud signs with the key in its own LOCAL_DATA_DIR: run the smoke with the same LOCAL_DATA_DIR as that \`npm run dev\`, or pass its token (--token)\n`,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('on Ctrl-C skips the steps left, still deletes what it made, and exits 130', async () => {
    const child = spawn(process.execPath, smokeArgs([cloud.url]), { env: smokeEnv() });
    let stdout = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Interrupted once it has made a webhook and a post.
      if (!sent && /^ok .*POST \/posts with an Idempotency-Key/m.test(stdout)) {
        // Once: a second Ctrl-C quits at once.
        sent = child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stdout).toBe(130);
    expect(stdout).toMatch(/^skip --- +\d+ ms {2}GET \/posts\/\{id\} \(interrupted\)$/m);
    expect(stdout).toMatch(
      /^ok +--- +\d+ ms {2}clean up what the run created \([1-9]\d* of \d+ left deleted\)$/m,
    );
    expect(await leftBehind(stdout)).toEqual({ posts: { items: [] }, webhooks: { items: [] } });
  });
});
