import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../functions/adapters/page-cursor';
import { DomainError } from '../../functions/domain/errors';

const shape = { pk: /^POST#\w+$/, gsi1pk: /^AUTHOR#alice$/ };
const key = { pk: 'POST#abc', gsi1pk: 'AUTHOR#alice' };

function rejects(cursor: string): void {
  expect(() => decodeCursor(cursor, shape)).toThrow(DomainError);
}

describe('page cursors', () => {
  it('round-trip a key of the expected shape', () => {
    expect(decodeCursor(encodeCursor(key), shape)).toEqual(key);
  });

  it('refuse anything tampered with, as a client error', () => {
    rejects('not base64 !');
    rejects(Buffer.from('not json').toString('base64url'));
    rejects(encodeCursor({ ...key, gsi1pk: 'AUTHOR#mallory' }));
    rejects(encodeCursor({ pk: 'POST#abc' }));
    rejects(encodeCursor({ ...key, extra: 'x' }));
    rejects(encodeCursor({ ...key, pk: { S: 'POST#abc' } }));
    rejects(Buffer.from('[1,2]').toString('base64url'));
    rejects(encodeCursor(key).slice(0, -3));
  });
});
