import { queueNames, workerOf } from '../lib/description';
import type { LambdaPool } from './lambda/lambda-pool';

/** The line `npm run chaos` waits for after each signal: `fault: killed <function>` or `fault: none running`. */
export const faultLinePrefix = 'fault:';

/**
 * Fault injection for `npm run chaos` (only with `LOCAL_FAULTS=1`): each SIGUSR2 kills one
 * queue-worker thread in the middle of its invocation, as a Lambda sandbox that dies, and
 * says which on one line. A signal cannot carry arguments and reaches only this process,
 * so nothing beyond the machine's own user can ask for it.
 */
export function killRunningWorkerOnSignal(
  pools: ReadonlyMap<string, LambdaPool>,
  write: (line: string) => void,
): void {
  const workers = queueNames.map((queue) => workerOf(queue));
  process.on('SIGUSR2', () => {
    const killed = workers.find((name) => pools.get(name)?.crashRunning() === true);
    write(`${faultLinePrefix} ${killed ? `killed ${killed}` : 'none running'}`);
  });
}
