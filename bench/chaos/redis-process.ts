import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { freePort, waitForPort } from './free-port';

export interface RedisProcess {
  /** `valkey-server` or `redis-server`, as found on PATH. */
  readonly binary: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** `valkey-server` or `redis-server` from PATH, or undefined. */
export async function findRedisServer(): Promise<string | undefined> {
  for (const name of ['valkey-server', 'redis-server']) {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
      const candidate = join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

/** A throwaway server of our own on a free loopback port: no persistence, nothing shared. */
export async function startRedisProcess(binary: string): Promise<RedisProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  // Never outlives the run, even one that ends abruptly (a test timing out).
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  child.once('exit', () => process.off('exit', orphanGuard));
  await waitForPort(port, 5_000);
  return {
    binary,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
