import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { FromCloud, ToCloud } from './cloud-process';
import type { EmulatedJobsConfig, JobPriority } from './emulated-jobs';

/** The benchmark's side of bench/load/cloud-process.ts: start it, drive it over IPC, stop it. */
export class CloudHandle {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    /** Bearer tokens of the benchmark's users (LOAD_USERS), accepted by this cloud's gateway. */
    readonly writeTokens: readonly string[],
  ) {}

  static async start(
    dataDir: string,
    emulated?: EmulatedJobsConfig,
    /** API Gateway's throttles on (the flood benchmark); off by default. */
    throttling = false,
  ): Promise<CloudHandle> {
    const child = fork(resolve('bench/load/cloud-process.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        BENCH_DATA_DIR: dataDir,
        BENCH_THROTTLING: throttling ? 'on' : 'off',
        ...(emulated ? { BENCH_EMULATED_JOBS: JSON.stringify(emulated) } : {}),
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = await reply(child, 'ready', 60_000);
    // The gateway listens on 127.0.0.1; "localhost" may resolve to ::1 first.
    return new CloudHandle(
      child,
      ready.url.replace('//localhost:', '//127.0.0.1:'),
      ready.writeTokens,
    );
  }

  /** The cloud process's id: its process tree is the cloud (bench/load/get-probe.ts splits it). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the emulated jobs; resolves once their containers are warm and busy. */
  async busyStart(priority: JobPriority): Promise<void> {
    await this.ask({ type: 'busy-start', priority }, 'busy-started');
  }

  async busyStop(priority: JobPriority): Promise<unknown> {
    return (await this.ask({ type: 'busy-stop', priority }, 'busy-stopped')).stats;
  }

  /** The cloud's CPU time so far (its process tree: containers, dynalite) and the container lines written. */
  async mark(): Promise<{
    cpuMicros: number;
    lines: number;
    failures: readonly string[];
    coldStarts: Readonly<Record<string, number>>;
    at: number;
  }> {
    const mark = await this.ask({ type: 'mark' }, 'mark');
    return { ...mark, at: performance.now() };
  }

  /** Waits for the cloud's queues and workers to be idle; false if they were not in time. */
  async settle(timeoutMs: number): Promise<{ settled: boolean; waitedMs: number }> {
    const { settled, waitedMs } = await this.ask({ type: 'settle', timeoutMs }, 'settled');
    return { settled, waitedMs };
  }

  async close(): Promise<void> {
    await this.ask({ type: 'close' }, 'closed');
    await new Promise<void>((done) =>
      this.child.exitCode === null ? this.child.once('exit', () => done()) : done(),
    );
  }

  private async ask<T extends FromCloud['type']>(
    message: ToCloud,
    answer: T,
  ): Promise<Extract<FromCloud, { type: T }>> {
    const answered = reply(
      this.child,
      answer,
      message.type === 'settle' ? message.timeoutMs + 10_000 : 120_000,
    );
    this.child.send(message);
    return answered;
  }
}

function reply<T extends FromCloud['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromCloud, { type: T }>> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`cloud process: no "${type}" in time`)),
      timeoutMs,
    );
    const onMessage = (message: FromCloud) => {
      if (message.type !== type) return;
      cleanup();
      resolvePromise(message as Extract<FromCloud, { type: T }>);
    };
    const onExit = (code: number | null) => fail(new Error(`cloud process exited (${code})`));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
