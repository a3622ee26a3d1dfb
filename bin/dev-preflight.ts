import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { DevSettings, DevVariable } from './dev-settings';

/**
 * Before anything starts: every fixed port free and the data folder not in
 * use by another `npm run dev`. Otherwise the reason, in one line naming the
 * variable or folder (without this check, dynalite died with "Database is
 * closed" and nothing said why).
 */
export async function preflight(settings: DevSettings): Promise<string | undefined> {
  const ports: [DevVariable, number][] = [
    ['PORT', settings.port],
    ['DYNAMODB_PORT', settings.dynamodbPort],
    ['S3_PORT', settings.s3Port],
    ['SQS_PORT', settings.sqsPort],
    ['PARTNER_PORT', settings.partnerPort],
  ];
  for (const [name, port] of ports) {
    if (port !== 0 && !(await isFree(port))) {
      return `${name}=${port} is taken: another process listens on 127.0.0.1:${port} (set ${name} to a free port)`;
    }
  }
  return undefined;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const probe = createServer();
    probe.once('error', () => resolvePromise(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise(true)));
  });
}

/**
 * Claims the data folder for this process (a lock file holding its pid). A lock left by
 * a process that is gone is taken over. Returns the release, or the one-line reason.
 */
export async function lockDataDir(
  dir: string,
): Promise<{ release: () => Promise<void> } | { refused: string }> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const lock = join(folder, 'dev.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lock, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await readFile(lock, 'utf8').catch(() => ''));
      if (owner > 0 && owner !== process.pid && isRunning(owner)) {
        return {
          refused: `LOCAL_DATA_DIR=${dir} is in use by another npm run dev (pid ${owner}); stop it or set LOCAL_DATA_DIR to another folder`,
        };
      }
      await rm(lock, { force: true });
    }
  }
  return { refused: `LOCAL_DATA_DIR=${dir}: could not claim ${lock}` };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
