import { queueNames, workerOf } from '../lib/description';
import type { LambdaPool } from './lambda/lambda-pool';

/** The line `npm run chaos` waits for after each signal: `fault: killed <function>` or `fault: none running …`. */
export const faultLinePrefix = 'fault:';

/** How long one signal watches for a worker invocation to kill before saying there was none. */
export const workerWatchMs = 30_000;

/** Often enough to catch an invocation of a few milliseconds; a check is a set lookup per worker. */
const watchEveryMs = 2;

/**
 * Fault injection for `npm run chaos` (only with `LOCAL_FAULTS=1`): each SIGUSR2 kills one
 * queue-worker container (a child process) in the middle of its invocation, as a Lambda sandbox that dies, and
 * says which on one line. When none is running it watches for the next one to start (up to
 * `workerWatchMs`), so the run can send work and have it killed mid-job instead of hoping
 * to signal at the right moment. A signal cannot carry arguments and reaches only this
 * process, so nothing beyond the machine's own user can ask for it.
 */
export function killRunningWorkerOnSignal(
  pools: ReadonlyMap<string, LambdaPool>,
  write: (line: string) => void,
): void {
  const workers = queueNames.map((queue) => workerOf(queue));
  let watching = false;
  process.on('SIGUSR2', () => {
    if (watching) return;
    watching = true;
    const deadline = Date.now() + workerWatchMs;
    const watch = (): void => {
      const killed = workers.find((name) => pools.get(name)?.crashRunning() === true);
      if (killed || Date.now() >= deadline) {
        watching = false;
        write(
          `${faultLinePrefix} ${killed ? `killed ${killed}` : `none running in ${workerWatchMs / 1000} s`}`,
        );
        return;
      }
      setTimeout(watch, watchEveryMs);
    };
    watch();
  });
}
