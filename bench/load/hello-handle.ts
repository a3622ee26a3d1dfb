import { fork } from 'node:child_process';
import { join } from 'node:path';
import { buildScript } from '../harness/script-build';

export interface HelloServer {
  readonly url: string;
  /** The server process's CPU time so far, in microseconds. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

/** The bare node:http hello-world baseline, in its own plain Node process. */
export async function startHelloServer(buildDir: string): Promise<HelloServer> {
  const script = await buildScript('bench/baselines/hello-server.ts', join(buildDir, 'hello.mjs'));
  const child = fork(script, [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`hello server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        const onMessage = (message: { type?: string; cpuMicros?: number }) => {
          if (message.type !== 'cpu') return;
          child.off('message', onMessage);
          resolve(message.cpuMicros ?? 0);
        };
        child.on('message', onMessage);
        child.send({ type: 'cpu' });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}
