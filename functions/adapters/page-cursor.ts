import { invalid } from '../domain/errors';

/**
 * The opaque `cursor` of a list page: DynamoDB's LastEvaluatedKey, base64url
 * JSON. A cursor is only accepted when it has exactly the shape this table
 * writes for the index being read, so a tampered one is a 400, never a
 * DynamoDB validation error (a 500).
 */
export type PageKey = Record<string, string>;

export interface CursorShape {
  /** Attribute name -> the pattern its value must match. */
  readonly [attribute: string]: RegExp;
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string, shape: CursorShape): PageKey {
  const bad = () =>
    invalid('The cursor is not valid: pass back the next_cursor of a previous page unchanged.', [
      { field: 'cursor', message: 'not a cursor this API issued for this query' },
    ]);
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw bad();
  const entries = Object.entries(decoded);
  const expected = Object.keys(shape);
  if (entries.length !== expected.length) throw bad();
  for (const [name, value] of entries) {
    const pattern = shape[name];
    if (!pattern || typeof value !== 'string' || !pattern.test(value)) throw bad();
  }
  return decoded as PageKey;
}
