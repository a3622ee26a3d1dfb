import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/cache/memory-store';
import { eventually } from '../support/eventually';

const open: MemoryStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

function store(options: ConstructorParameters<typeof MemoryStore>[0]) {
  const s = new MemoryStore(options);
  open.push(s);
  return s;
}

describe('MemoryStore (the in-process cache)', () => {
  it('expires an entry after its TTL', async () => {
    let clock = 0;
    const s = store({ maxEntries: 10, now: () => clock });
    await s.set('k', 'v', 100);
    clock = 99;
    expect(await s.get('k')).toBe('v');
    clock = 100;
    expect(await s.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry past maxEntries', async () => {
    const s = store({ maxEntries: 2 });
    await s.set('a', '1', 10_000);
    await s.set('b', '2', 10_000);
    await s.get('a');
    await s.set('c', '3', 10_000);
    expect([await s.get('a'), await s.get('b'), await s.get('c')]).toEqual(['1', undefined, '3']);
    expect(s.size).toBe(2);
  });

  it('sets only if absent with onlyIfAbsent, as SET NX', async () => {
    const s = store({ maxEntries: 10 });
    await s.set('k', 'first', 10_000, true);
    await s.set('k', 'second', 10_000, true);
    expect(await s.get('k')).toBe('first');
    await s.set('k', 'third', 10_000);
    expect(await s.get('k')).toBe('third');
  });

  it('replays writes in every store on its channel (the other containers)', async () => {
    const channel = `test-${randomUUID()}`;
    const a = store({ maxEntries: 10, channel });
    const b = store({ maxEntries: 10, channel });
    const elsewhere = store({ maxEntries: 10, channel: `${channel}-other` });
    // One sender's messages arrive in order: once b holds a later marker, it has replayed
    // every write before it (the signal that it is done, instead of a sleep).
    let markers = 0;
    const replayedUpTo = async () => {
      const marker = `marker-${(markers += 1)}`;
      await a.set('marker', marker, 10_000);
      await eventually(async () => expect(await b.get('marker')).toBe(marker));
    };
    await b.set('post', 'cached in b', 10_000);
    await a.set('post', 'tombstone from a', 10_000);
    await replayedUpTo();
    expect(await b.get('post')).toBe('tombstone from a');
    // A replayed NX write respects what the receiver holds, as on one shared server.
    await a.set('post', 'late fill', 10_000, true);
    await replayedUpTo();
    expect(await b.get('post')).toBe('tombstone from a');
    expect(await elsewhere.get('marker')).toBeUndefined();
    expect(await elsewhere.get('post')).toBeUndefined();
  });
});
