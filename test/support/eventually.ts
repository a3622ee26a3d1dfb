import { afterEach, beforeEach } from 'vitest';

/** What is left of the running test's own timeout, so a wait ends before vitest's does. */
let running: { readonly startedAt: number; readonly timeoutMs: number } | undefined;
beforeEach((context) => {
  running = { startedAt: performance.now(), timeoutMs: context.task.timeout };
});
// A wait in a hook outside any test has only its own timeout.
afterEach(() => {
  running = undefined;
});

/** Kept for the failure itself: the last assertion's message is reported, not "timed out". */
const reserveMs = 1_000;

/**
 * Polls until `check` returns without throwing (its value), or rethrows its last error: after
 * `timeoutMs`, and in any case before the running test's timeout, so chained waits fail with
 * the assertion that did not hold instead of vitest's "Test timed out".
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 60_000, intervalMs = 100 } = {},
): Promise<T> {
  const now = performance.now();
  const testEnd = running ? running.startedAt + running.timeoutMs - reserveMs : Infinity;
  const deadline = Math.min(now + timeoutMs, testEnd);
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (performance.now() + intervalMs > deadline) throw error;
      // Polling: what is checked (an item, a queue's depth, an answer) announces no change.
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
