import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { FloodResult, FloodSpec } from './flood-process';

/**
 * Starts the flooder in a child process (flood-process.ts), so that its CPU
 * does not run on the event loop that times the reads. Resolves once it is
 * flooding, with the promise of what it got when its duration is over.
 */
export async function startFlood(spec: FloodSpec): Promise<{ done: Promise<FloodResult> }> {
  const child = fork(resolve('bench/flood/flood-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let result: FloodResult | undefined;
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  await new Promise<void>((ready, fail) => {
    child.once('message', () => ready());
    void exited.then((code) => fail(new Error(`flood client exited (${code}) before starting`)));
  });
  child.on('message', (message: FloodResult) => (result = message));
  child.send(spec);
  const done = exited.then((code) => {
    if (!result) throw new Error(`flood client exited (${code}) without a result`);
    return result;
  });
  return { done };
}
