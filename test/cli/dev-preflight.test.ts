import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir, preflight } from '../../bin/dev-preflight';
import { devSettings } from '../../bin/dev-settings';

/**
 * `npm run dev` refuses to start, in one line naming the variable or the
 * folder, when a port it needs is taken or another `npm run dev` uses its data.
 */
let scratch: string;
let taken: Server;
let takenPort: number;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'posts-api-preflight-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

const settings = (env: Record<string, string>) =>
  devSettings({ PORT: '0', DYNAMODB_PORT: '0', S3_PORT: '0', SQS_PORT: '0', ...env });

describe('a taken port', () => {
  it.each(['PORT', 'DYNAMODB_PORT', 'S3_PORT', 'SQS_PORT', 'PARTNER_PORT'])(
    '%s: names the variable and the port',
    async (name) => {
      expect(await preflight(settings({ [name]: String(takenPort) }))).toBe(
        `${name}=${takenPort} is taken: another process listens on 127.0.0.1:${takenPort} (set ${name} to a free port)`,
      );
    },
  );

  it('free ports (or 0, any free port) pass', async () => {
    expect(await preflight(settings({}))).toBeUndefined();
  });
});

describe('the data folder', () => {
  it('is refused while another running process holds it, naming LOCAL_DATA_DIR and the folder', async () => {
    const dir = join(scratch, 'busy');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await lockDataDir(dir);
      await writeFile(join(dir, 'dev.lock'), String(other.pid));
      expect(await lockDataDir(dir)).toEqual({
        refused: `LOCAL_DATA_DIR=${dir} is in use by another npm run dev (pid ${other.pid}); stop it or set LOCAL_DATA_DIR to another folder`,
      });
    } finally {
      other.kill();
    }
  });

  it('is taken over from a process that is gone, and released on stop', async () => {
    const dir = join(scratch, 'stale');
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.once('exit', resolve));
    await lockDataDir(dir);
    await writeFile(join(dir, 'dev.lock'), String(gone.pid));
    const lock = await lockDataDir(dir);
    expect(lock).toHaveProperty('release');
    expect(await readFile(join(dir, 'dev.lock'), 'utf8')).toBe(String(process.pid));
    if ('release' in lock) await lock.release();
    await expect(readFile(join(dir, 'dev.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('npm run dev', () => {
  it('with a taken port: one line on stderr, exit 1, nothing started', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
      env: {
        ...process.env,
        PORT: String(takenPort),
        LOCAL_DATA_DIR: join(scratch, 'dev'),
        DYNAMODB_PORT: '0',
        S3_PORT: '0',
        SQS_PORT: '0',
      },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe(
      `dev: PORT=${takenPort} is taken: another process listens on 127.0.0.1:${takenPort} (set PORT to a free port)\n`,
    );
  }, 60_000);
});
