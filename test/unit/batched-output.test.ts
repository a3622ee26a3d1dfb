import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchedOutput } from '../../local/logs/batched-output';

describe('the printer output', () => {
  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const writes: string[] = [];
    const out = batchedOutput((text) => writes.push(text));
    out.write('a\n');
    out.write('b\n');
    expect(writes).toEqual([]);
    await nextTurn();
    out.write('c\n');
    await nextTurn();
    expect(writes).toEqual(['a\nb\n', 'c\n']);
  });

  it('writes what is pending at once on flush, and nothing twice', async () => {
    const writes: string[] = [];
    const out = batchedOutput((text) => writes.push(text));
    out.write('last\n');
    out.flush();
    expect(writes).toEqual(['last\n']);
    await nextTurn();
    out.flush();
    expect(writes).toEqual(['last\n']);
  });
});
