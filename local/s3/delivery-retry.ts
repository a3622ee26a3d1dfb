/** Waits before each new attempt: about 75 s in all, as S3 keeps trying an unavailable queue. */
const retryDelaysMs = [
  250, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000,
];

/**
 * One event notification delivered at least once: S3 retries a destination that fails (a
 * queue briefly unavailable) instead of dropping the event, which would leave the upload's
 * media record pending for good. Gives up, throwing the last error, after the last delay
 * or once `stopping` fires (the server is closing).
 */
export async function deliverWithRetries(
  deliver: () => Promise<void>,
  stopping: AbortSignal,
  delaysMs: readonly number[] = retryDelaysMs,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await deliver();
    } catch (error) {
      const delay = delaysMs[attempt];
      if (delay === undefined || stopping.aborted) throw error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        stopping.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}
