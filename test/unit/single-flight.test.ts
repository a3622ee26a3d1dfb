import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../functions/domain/single-flight';

describe('SingleFlight', () => {
  it('runs the work once for concurrent calls with one key, and shares its result', async () => {
    const flight = new SingleFlight<number>();
    let runs = 0;
    let release: (n: number) => void = () => undefined;
    const work = () => {
      runs += 1;
      return new Promise<number>((r) => (release = r));
    };
    const calls = [flight.run('a', work), flight.run('a', work), flight.run('a', work)];
    await Promise.resolve();
    expect(flight.size).toBe(1);
    release(42);
    expect(await Promise.all(calls)).toEqual([42, 42, 42]);
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('runs separately for different keys', async () => {
    const flight = new SingleFlight<string>();
    const results = await Promise.all(['a', 'b'].map((k) => flight.run(k, async () => k)));
    expect(results).toEqual(['a', 'b']);
  });

  it('shares a failure with those waiting, but does not remember it', async () => {
    const flight = new SingleFlight<string>();
    const failing = () => Promise.reject(new Error('down'));
    const both = [flight.run('a', failing), flight.run('a', failing)];
    for (const call of both) await expect(call).rejects.toThrow('down');
    expect(await flight.run('a', async () => 'up')).toBe('up');
  });

  it('contains work that throws before returning a promise', async () => {
    const flight = new SingleFlight<string>();
    await expect(
      flight.run('a', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flight.size).toBe(0);
  });
});
