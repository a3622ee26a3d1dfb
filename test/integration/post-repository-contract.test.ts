import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostsTable } from '../../functions/adapters/posts-table';
import { DomainError } from '../../functions/domain/errors';
import type { Post } from '../../functions/domain/post';
import type { PostRepository } from '../../functions/domain/post-repository';
import { functions } from '../../lib/description';
import { InMemoryPostRepository } from '../support/in-memory-post-repository';
import { localTable } from '../support/local-dynamodb';

/**
 * The in-memory repository the benchmarks run the handlers against must
 * behave as the table does: the same cases, against both.
 */
let table: Awaited<ReturnType<typeof localTable>>;
beforeAll(async () => {
  table = await localTable();
});
afterAll(() => table.close());

const implementations: [string, () => PostRepository][] = [
  [
    'PostsTable on dynalite',
    () => new PostsTable(documentClient(functions.createPost.sdk), table.tableName),
  ],
  ['InMemoryPostRepository', () => new InMemoryPostRepository()],
];

let clock = Date.parse('2026-03-01T00:00:00Z');
function newPost(author: string, content = 'hello'): Post {
  clock += 1000;
  const at = new Date(clock).toISOString();
  return {
    id: randomUUID(),
    author_id: author,
    content,
    post_type: 'news',
    tags: ['t'],
    status: 'processing',
    created_at: at,
    updated_at: at,
  };
}

const claim = (key: string, fingerprint: string) => ({
  key,
  fingerprint,
  expiresAt: new Date(Date.now() + 60_000),
});

describe.each(implementations)('%s', (_name, make) => {
  it('stores a post, reads it back unchanged, and lets only its author delete it, once', async () => {
    const posts = make();
    const author = `a-${randomUUID().slice(0, 8)}`;
    const post = newPost(author);
    expect(await posts.create(post)).toEqual({ kind: 'created', post });
    expect(await posts.get(post.id)).toEqual(post);
    expect(await posts.delete(post.id, `someone-else-${author}`)).toEqual({ kind: 'not_owner' });
    expect(await posts.get(post.id)).toEqual(post);
    expect(await posts.delete(post.id, author)).toEqual({ kind: 'deleted' });
    expect(await posts.get(post.id)).toBeUndefined();
    expect(await posts.delete(post.id, author)).toEqual({ kind: 'not_found' });
  });

  it('answers a repeated Idempotency-Key with the first post, and refuses it for another request', async () => {
    const posts = make();
    const key = `k-${randomUUID()}`;
    const first = newPost('idem');
    expect(await posts.create(first, claim(key, 'same'))).toEqual({ kind: 'created', post: first });
    const retry = newPost('idem');
    expect(await posts.create(retry, claim(key, 'same'))).toEqual({
      kind: 'replayed',
      post: first,
    });
    expect(await posts.get(retry.id)).toBeUndefined();
    expect(await posts.create(newPost('idem'), claim(key, 'other'))).toEqual({
      kind: 'key_reused',
    });
  });

  it('pages an author newest first, every post exactly once', async () => {
    const posts = make();
    const author = `p-${randomUUID().slice(0, 8)}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const post = newPost(author, `post ${i}`);
      await posts.create(post);
      created.push(post.id);
    }
    await posts.create(newPost(`other-${randomUUID().slice(0, 8)}`));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await posts.listNewest({ authorId: author, limit: 2, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it('puts the newest post first in the feed', async () => {
    const posts = make();
    const latest = newPost(`f-${randomUUID().slice(0, 8)}`);
    await posts.create(latest);
    const page = await posts.listNewest({ limit: 1 });
    expect(page.items.map((p) => p.id)).toEqual([latest.id]);
  });

  it('refuses a cursor it did not issue', async () => {
    const posts = make();
    const forged = Buffer.from(JSON.stringify({ pk: 'x' })).toString('base64url');
    await expect(posts.listNewest({ authorId: 'x', limit: 2, cursor: forged })).rejects.toThrow(
      DomainError,
    );
  });
});
