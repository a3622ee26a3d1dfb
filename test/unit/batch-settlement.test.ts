import { describe, expect, it } from 'vitest';
import { settleBatch } from '../../local/event-sources/batch-settlement';

const ids = ['m1', 'm2', 'm3'];

describe("settleBatch: Lambda's partial batch response rules", () => {
  it.each([
    ['no response', undefined],
    ['null', null],
    ['an empty object', {}],
    ['a null list', { batchItemFailures: null }],
    ['an empty list', { batchItemFailures: [] }],
  ])('%s is complete success', (_, payload) => {
    expect(settleBatch(payload, ids)).toEqual({ kind: 'partial', failed: new Set() });
  });

  it('keeps exactly the listed records', () => {
    const settled = settleBatch({ batchItemFailures: [{ itemIdentifier: 'm2' }] }, ids);
    expect(settled).toEqual({ kind: 'partial', failed: new Set(['m2']) });
  });

  it.each([
    ['a string', 'ok'],
    ['a list', []],
    ['a non-list batchItemFailures', { batchItemFailures: 'm1' }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a misspelled key', { batchItemFailures: [{ itemIdentifer: 'm1' }] }],
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'other' }] }],
  ])('%s fails the whole batch', (_, payload) => {
    expect(settleBatch(payload, ids).kind).toBe('batch-failed');
  });
});
