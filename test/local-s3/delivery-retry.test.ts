import { describe, expect, it } from 'vitest';
import { deliverWithRetries } from '../../local/s3/delivery-retry';

describe('an S3 event notification to a failing destination', () => {
  it('is delivered once the destination is back, not dropped', async () => {
    let attempts = 0;
    const delivered: number[] = [];
    await deliverWithRetries(
      async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('connect ECONNREFUSED');
        delivered.push(attempts);
      },
      new AbortController().signal,
      [5, 5, 5],
    );
    expect(delivered).toEqual([3]);
  });

  it('gives up with the last error once its retries are spent', async () => {
    let attempts = 0;
    await expect(
      deliverWithRetries(
        async () => {
          attempts += 1;
          throw new Error(`refused ${attempts}`);
        },
        new AbortController().signal,
        [5, 5],
      ),
    ).rejects.toThrow('refused 3');
  });

  it('tries once more at once when the server closes, then stops', async () => {
    const stopping = new AbortController();
    let attempts = 0;
    let firstFailed!: () => void;
    const failing = new Promise<void>((resolve) => (firstFailed = resolve));
    const delivery = deliverWithRetries(
      async () => {
        attempts += 1;
        if (attempts === 1) firstFailed();
        throw new Error('refused');
      },
      stopping.signal,
      [60_000, 60_000],
    );
    // The first attempt has failed: the delivery now waits out its 60 s delay.
    await failing;
    stopping.abort();
    await expect(delivery).rejects.toThrow('refused');
    expect(attempts).toBe(2);
  });
});
