import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { faultLinePrefix, workerWatchMs } from '../../local/fault-signal';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface LocalCloudProcessOptions {
  /** Every variable `npm run dev` reads that the run sets (ports, LOCAL_DATA_DIR, …). */
  readonly env: Readonly<Record<string, string>>;
  /** Where its output goes (one file across restarts). */
  readonly logFile: string;
  readonly startTimeoutMs?: number;
}

export interface LocalCloudProcess {
  /** Starts it (again, on the same ports and data), resolving once it says it is running. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown of any kind, as a lost machine. */
  kill(): Promise<void>;
  /**
   * SIGUSR2 (LOCAL_FAULTS=1): which worker it killed mid-job, or undefined when none ran
   * within the cloud's watch (`workerWatchMs`) or it did not say so in time.
   */
  killRunningWorker(): Promise<string | undefined>;
  /** SIGTERM, its own orderly shutdown; SIGKILL if it has not ended within 10 s. */
  stop(): Promise<void>;
  /** Log lines at ERROR level, across restarts. */
  readonly errorLines: number;
}

/**
 * `npm run dev` as a child process of the run, so that killing it is a real SIGKILL of a
 * real process. It runs under node with tsx's loader directly (no tsx wrapper process
 * that a SIGKILL would leave its child behind).
 */
export function localCloudProcess(options: LocalCloudProcessOptions): LocalCloudProcess {
  let child: ChildProcess | undefined;
  let log: WriteStream | undefined;
  let errorLines = 0;
  const faultWaiters: ((line: string) => void)[] = [];

  const exited = (running: ChildProcess): Promise<void> =>
    running.exitCode !== null || running.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => running.once('exit', () => resolve()));

  return {
    get errorLines() {
      return errorLines;
    },
    async start() {
      log ??= createWriteStream(options.logFile, { flags: 'a' });
      const running = spawn(process.execPath, ['--import', 'tsx', 'bin/local.ts'], {
        cwd: root,
        env: { ...process.env, ...options.env, LOG_FORMAT: 'json', NO_COLOR: '1', WATCH: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = running;
      // Never outlives the run, even one that ends abruptly (a test timing out).
      const orphanGuard = () => running.kill('SIGKILL');
      process.once('exit', orphanGuard);
      running.once('exit', () => process.off('exit', orphanGuard));
      let onEarlyExit: ((code: number | null, signal: NodeJS.Signals | null) => void) | undefined;
      const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `the local cloud did not start within ${options.startTimeoutMs ?? 120_000} ms (${options.logFile})`,
              ),
            ),
          options.startTimeoutMs ?? 120_000,
        );
        onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => {
          clearTimeout(timer);
          reject(
            new Error(
              `the local cloud exited (${signal ?? code}) while starting; see ${options.logFile}`,
            ),
          );
        };
        running.once('exit', onEarlyExit);
        for (const stream of [running.stdout, running.stderr]) {
          if (!stream) continue;
          createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
            log?.write(`${line}\n`);
            if (line.includes('is running locally')) {
              clearTimeout(timer);
              resolve();
            }
            if (line.startsWith(faultLinePrefix)) faultWaiters.shift()?.(line);
            if (line.includes('"level":"ERROR"')) errorLines += 1;
          });
        }
      });
      await ready;
      if (onEarlyExit) running.off('exit', onEarlyExit);
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running) return;
      running.kill('SIGKILL');
      await exited(running);
    },
    async killRunningWorker() {
      const running = child;
      if (!running) return undefined;
      let timer: NodeJS.Timeout | undefined;
      const line = new Promise<string>((resolve) => {
        faultWaiters.push(resolve);
        timer = setTimeout(() => {
          faultWaiters.splice(faultWaiters.indexOf(resolve), 1);
          resolve(`${faultLinePrefix} no answer`);
        }, workerWatchMs + 10_000);
      });
      running.kill('SIGUSR2');
      const answer = await line;
      clearTimeout(timer);
      const killed = /killed (\S+)/.exec(answer);
      return killed?.[1];
    },
    async stop() {
      const running = child;
      child = undefined;
      if (running) {
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
        await exited(running);
        clearTimeout(timer);
      }
      await new Promise<void>((resolve) => (log ? log.end(() => resolve()) : resolve()));
      log = undefined;
    },
  };
}
