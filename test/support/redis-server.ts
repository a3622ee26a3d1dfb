import { spawn, type ChildProcess } from 'node:child_process';
// One way to find a server and a port, shared with `npm run chaos`.
import { freePort, waitForPort } from '../../bench/chaos/free-port';
import { findRedisServer as onPath } from '../../bench/chaos/redis-process';

export { freePort };

/**
 * `valkey-server` or `redis-server` from PATH, or undefined (tests skip, saying why). Under
 * CI=true it is an error instead: CI installs one (.ci/run), so a skip there would hide tests.
 */
export async function findRedisServer(): Promise<string | undefined> {
  const found = await onPath();
  if (!found && process.env.CI === 'true') throw new Error(`CI=true and ${noRedisReason}`);
  return found;
}

export const noRedisReason =
  'no valkey-server or redis-server on PATH (apt-get install redis-server; .ci/run installs it)';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: as abrupt as a lost node). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
}

/** A throwaway server on a free loopback port: no persistence, nothing shared. */
export async function startRedisServer(binary: string): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 5_000);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
