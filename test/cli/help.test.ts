import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { devVariables } from '../../bin/dev-settings';

/**
 * Every script answers `--help` with its usage and exit 0, without doing
 * anything else, and refuses an unknown option or a wrong argument count
 * with one line of error, the usage on stderr, and exit 2. The scripts run as
 * npm runs them (tsx), all at once: each pays the loader's start-up.
 */
interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const scratch = await mkdtemp(join(tmpdir(), 'posts-api-cli-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));
/** A data folder no script may create when it only prints its usage. */
const dataDir = join(scratch, 'data');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const devPort = await freePort();

function run(script: string, ...args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      {
        // A script that starts something instead of answering is killed, and fails below.
        timeout: 90_000,
        env: {
          ...process.env,
          LOCAL_DATA_DIR: dataDir,
          PORT: String(devPort),
          DYNAMODB_PORT: '0',
          S3_PORT: '0',
          SQS_PORT: '0',
          WATCH: '0',
        },
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

// Started together, awaited by each test: the first one awaited waits for all of them to
// start (14 loaders on 2 cores took past 30 s at a load average of 40), so each test may
// wait as long as the scripts' own timeout, and a killed script still fails an assertion.
const waitsForScripts = { timeout: 120_000 };
const help = {
  dev: run('bin/local.ts', '--help'),
  token: run('bin/token.ts', '--help'),
  dlq: run('bin/dlq.ts', '--help'),
  ops: run('bin/ops.ts', '-h'),
  bench: run('bench/run.ts', '--help'),
  app: run('bin/app.ts', '--help'),
  chaos: run('bin/chaos.ts', '--help'),
  smoke: run('bin/smoke.ts', '--help'),
};
const refused = {
  devOption: run('bin/local.ts', '--port', '1'),
  tokenCount: run('bin/token.ts'),
  dlqCommand: run('bin/dlq.ts', 'purge'),
  benchName: run('bench/run.ts', 'nope'),
  chaosFault: run('bin/chaos.ts', '--faults', 'dynamodb-stopped,meteor'),
  smokeUrl: run('bin/smoke.ts', 'localhost:3000'),
};

describe('--help', waitsForScripts, () => {
  it('npm run dev -- --help lists every variable the local cloud reads, with its default, and starts nothing', async () => {
    const { code, stdout, stderr } = await help.dev;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^usage: npm run dev/);
    for (const [name, { default: value }] of Object.entries(devVariables)) {
      expect(stdout).toMatch(
        new RegExp(`^  ${name} +${value === '' ? '\\(unset\\)' : value} `, 'm'),
      );
    }
    expect(stdout).not.toContain('is running locally');
    expect(await listening(devPort)).toBe(false);
    expect(await exists(dataDir)).toBe(false);
  });

  it('npm run -s token -- --help prints the usage, not a token for a user called --help', async () => {
    const { code, stdout, stderr } = await help.token;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^usage: npm run -s token -- <user>/);
    expect(stdout).not.toMatch(/[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/);
    expect(await exists(dataDir)).toBe(false);
  });

  it.each([
    ['dlq', /^usage: npm run dlq -- list \| redrive <queue>/, /--endpoint <url>/],
    ['ops', /^usage: npm run ops -- <command>/, /cache-status \[name\]/],
    ['bench', /^usage: npm run bench/, /^ {2}cold +Cold start/m],
    ['app', /^usage: npx cdk synth/, /cache=off/],
    ['chaos', /^usage: npm run chaos/, /--faults a,b,\.\.\. .*cloud-sigkill/],
    ['smoke', /^usage: npm run smoke -- <base-url>/, /--token <id token>/],
  ] as const)('%s --help prints its usage and exits 0', async (script, first, detail) => {
    const { code, stdout, stderr } = await help[script];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(first);
    expect(stdout).toMatch(detail);
  });

  it('the benchmark run does not run anything on --help', async () => {
    const { stdout } = await help.bench;
    expect(stdout).not.toContain('== ');
    expect(stdout).not.toContain('wrote ');
  });

  it('the CDK app does not synthesize on --help', async () => {
    expect((await help.app).stdout).not.toContain('PostsApiStack.template.json');
  });
});

describe('usage errors', waitsForScripts, () => {
  it.each([
    [
      'dev with an unknown option',
      'devOption',
      "dev: Unknown option '--port'",
      /^usage: npm run dev/m,
    ],
    [
      'token without a user',
      'tokenCount',
      'token: expected at least 1 argument, got 0',
      /^usage: npm run -s token/m,
    ],
    [
      'dlq with an unknown command',
      'dlqCommand',
      'dlq: unknown command "purge"',
      /^usage: npm run dlq/m,
    ],
    [
      'smoke with a base URL that is not one',
      'smokeUrl',
      'smoke: not an http(s) URL: localhost:3000',
      /^usage: npm run smoke/m,
    ],
    [
      'bench with an unknown benchmark',
      'benchName',
      'bench: unknown benchmark: nope',
      /^usage: npm run bench/m,
    ],
    [
      'chaos with an unknown fault',
      'chaosFault',
      'chaos: unknown fault meteor (one of dynamodb-stopped, sqs-stopped, cache-down, cache-slow, partner-failing, partner-hanging, worker-killed, cloud-sigkill)',
      /^usage: npm run chaos/m,
    ],
  ] as const)(
    '%s: one line of error, then the usage, on stderr; exit 2',
    async (_, key, error, usage) => {
      const { code, stdout, stderr } = await refused[key];
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.split('\n')[0]).toBe(error);
      expect(stderr).toMatch(usage);
    },
  );

  it('nothing ran: no data folder, no local cloud', async () => {
    await Promise.all(Object.values(refused));
    expect(await exists(dataDir)).toBe(false);
    expect(await listening(devPort)).toBe(false);
  });
});
