import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/domain/errors';
import { newPostSchema, parse, postIdSchema } from '../../functions/domain/post-input';

const valid = { content: 'Hello', post_type: 'news', author_id: 'alice_1-x' };

function fieldsOf(input: unknown): string[] {
  try {
    parse(newPostSchema, input, 'post');
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return [...new Set((error as DomainError).errors.map((e) => e.field))];
  }
  return [];
}

describe('a new post', () => {
  it('accepts the documented shape, tags optional', () => {
    expect(parse(newPostSchema, valid, 'post')).toEqual(valid);
    expect(parse(newPostSchema, { ...valid, tags: ['a', 'b'] }, 'post').tags).toEqual(['a', 'b']);
  });

  it('allows content up to 3000 characters and not one more', () => {
    expect(fieldsOf({ ...valid, content: 'x'.repeat(3000) })).toEqual([]);
    expect(fieldsOf({ ...valid, content: 'x'.repeat(3001) })).toEqual(['content']);
    expect(fieldsOf({ ...valid, content: '' })).toEqual(['content']);
  });

  it('takes tab, line feed and carriage return in content, but no other control character', () => {
    expect(fieldsOf({ ...valid, content: 'a\tb\nc\r\nd' })).toEqual([]);
    expect(fieldsOf({ ...valid, content: 'emoji 👍 and accents é' })).toEqual([]);
    for (const bad of [
      '\u0000',
      '\u0001',
      '\u001b',
      '\u001f',
      '\uFFFE',
      '\uFFFF',
      '\uD800',
      'x\uDC00',
    ]) {
      expect(fieldsOf({ ...valid, content: `text ${bad} here` }), JSON.stringify(bad)).toEqual([
        'content',
      ]);
    }
    expect(fieldsOf({ ...valid, tags: ['ok', 'b\u0000d'] })).toEqual(['tags/1']);
  });

  it('knows the five post types only', () => {
    for (const type of ['educational', 'promotional', 'personal', 'news', 'announcement']) {
      expect(fieldsOf({ ...valid, post_type: type })).toEqual([]);
    }
    expect(fieldsOf({ ...valid, post_type: 'rant' })).toEqual(['post_type']);
  });

  it('takes author ids of 1..128 letters, digits, _ and -, or none (the caller is the author)', () => {
    const anonymous = { content: valid.content, post_type: valid.post_type };
    expect(fieldsOf(anonymous)).toEqual([]);
    expect(fieldsOf({ ...valid, author_id: 'a'.repeat(128) })).toEqual([]);
    expect(fieldsOf({ ...valid, author_id: 'a'.repeat(129) })).toEqual(['author_id']);
    expect(fieldsOf({ ...valid, author_id: 'bob smith' })).toEqual(['author_id']);
    expect(fieldsOf({ ...valid, author_id: '' })).toEqual(['author_id']);
  });

  it('takes at most 10 tags of 1..50 characters', () => {
    expect(fieldsOf({ ...valid, tags: Array(10).fill('t') })).toEqual([]);
    expect(fieldsOf({ ...valid, tags: Array(11).fill('t') })).toEqual(['tags']);
    expect(fieldsOf({ ...valid, tags: ['ok', 'x'.repeat(51)] })).toEqual(['tags/1']);
    expect(fieldsOf({ ...valid, tags: [''] })).toEqual(['tags/0']);
  });

  it('rejects unknown fields by name, and lists every bad field at once', () => {
    expect(fieldsOf({ ...valid, likes: 3 })).toEqual(['likes']);
    expect(fieldsOf({ content: 1, likes: 3 }).sort()).toEqual(
      ['content', 'likes', 'post_type'].sort(),
    );
  });

  it('rejects what is not an object', () => {
    expect(fieldsOf([valid])).toEqual(['(root)']);
    expect(fieldsOf('hello')).toEqual(['(root)']);
    expect(fieldsOf(null)).toEqual(['(root)']);
  });

  it('names a path parameter by its name, not (root)', () => {
    const refused = () => parse(postIdSchema, 'not-a-uuid', 'post id', 'id');
    expect(refused).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'id' })] }),
    );
  });
});
