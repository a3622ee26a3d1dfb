import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads until `done` says the value is final, backing off from 200 ms to 2 s (the job and
 * media routes have per-user limits: a tight loop would spend them), and gives up at the
 * deadline with what it saw last.
 */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs: number,
  describe: (value: T) => string = (value) => JSON.stringify(value).slice(0, 200),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let wait = 200;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() + wait > deadline) {
      throw new Error(
        `${what}: not after ${Math.round(timeoutMs / 1000)} s (last: ${describe(value)})`,
      );
    }
    await sleep(wait);
    wait = Math.min(wait * 1.5, 2_000);
  }
}
