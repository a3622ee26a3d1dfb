import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostsTable } from '../../functions/adapters/posts-table';
import { createPost } from '../../functions/domain/create-post';
import { DomainError } from '../../functions/domain/errors';
import { functions } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

let table: Awaited<ReturnType<typeof localTable>>;
let posts: PostsTable;

beforeAll(async () => {
  table = await localTable();
  posts = new PostsTable(documentClient(functions.createPost.sdk), table.tableName);
});
afterAll(() => table.close());

const body = (author: string, content = 'Hello') => ({
  content,
  post_type: 'news',
  author_id: author,
});

describe('posts in DynamoDB (dynalite)', () => {
  it('stores a post and reads it back without storage keys', async () => {
    const { post } = await createPost(
      { posts },
      { userId: 'ann' },
      { ...body('ann'), tags: ['x'] },
    );
    const stored = await posts.get(post.id);
    expect(stored).toEqual(post);
    expect(Object.keys(stored ?? {})).not.toContain('pk');
    expect(stored?.status).toBe('processing');
  });

  it('lists an author newest first, page by page, with an opaque cursor', async () => {
    const author = `list-${randomUUID().slice(0, 8)}`;
    let clock = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 5; i += 1) {
      clock += 1000;
      const at = clock;
      await createPost(
        { posts, now: () => new Date(at) },
        { userId: author },
        body(author, `post ${i}`),
      );
    }
    await createPost({ posts }, { userId: 'someone-else' }, body('someone-else'));
    const first = await posts.listNewest({ authorId: author, limit: 2 });
    expect(first.items.map((p) => p.content)).toEqual(['post 4', 'post 3']);
    expect(first.next_cursor).toBeDefined();
    const second = await posts.listNewest({
      authorId: author,
      limit: 2,
      cursor: first.next_cursor,
    });
    expect(second.items.map((p) => p.content)).toEqual(['post 2', 'post 1']);
    const third = await posts.listNewest({
      authorId: author,
      limit: 2,
      cursor: second.next_cursor,
    });
    expect(third.items.map((p) => p.content)).toEqual(['post 0']);
  });

  it('refuses a cursor issued for another author', async () => {
    const mine = `cur-${randomUUID().slice(0, 8)}`;
    await createPost({ posts }, { userId: mine }, body(mine));
    await createPost({ posts }, { userId: mine }, body(mine));
    const page = await posts.listNewest({ authorId: mine, limit: 1 });
    await expect(
      posts.listNewest({ authorId: 'other', limit: 1, cursor: page.next_cursor }),
    ).rejects.toBeInstanceOf(DomainError);
  });

  it('deletes once; the second delete finds nothing', async () => {
    const { post } = await createPost({ posts }, { userId: 'del' }, body('del'));
    expect((await posts.delete(post.id, 'del')).kind).toBe('deleted');
    expect(await posts.get(post.id)).toBeUndefined();
    expect((await posts.delete(post.id, 'del')).kind).toBe('not_found');
  });

  it("refuses to delete another author's post, and keeps it", async () => {
    const { post } = await createPost({ posts }, { userId: 'keeper' }, body('keeper'));
    expect((await posts.delete(post.id, 'intruder')).kind).toBe('not_owner');
    expect(await posts.get(post.id)).toEqual(post);
  });

  it('takes the author from the caller; an author_id naming someone else is refused', async () => {
    const { post } = await createPost(
      { posts },
      { userId: 'self' },
      { content: 'no author_id', post_type: 'news' },
    );
    expect(post.author_id).toBe('self');
    await expect(
      createPost({ posts }, { userId: 'self' }, body('somebody-else')),
    ).rejects.toMatchObject({ kind: 'forbidden' });
  });

  describe('with an Idempotency-Key', () => {
    it('replays the first post for a retry of the same request', async () => {
      const key = randomUUID();
      const first = await createPost({ posts }, { userId: 'idem' }, body('idem'), key);
      const again = await createPost({ posts }, { userId: 'idem' }, body('idem'), key);
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ post: first.post, replayed: true });
    });

    it('refuses the same key with another body', async () => {
      const key = randomUUID();
      await createPost({ posts }, { userId: 'idem2' }, body('idem2', 'one'), key);
      await expect(
        createPost({ posts }, { userId: 'idem2' }, body('idem2', 'two'), key),
      ).rejects.toMatchObject({
        kind: 'key_reused',
      });
    });

    it('creates one post when the same request races itself', async () => {
      const author = `race-${randomUUID().slice(0, 8)}`;
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          createPost({ posts }, { userId: author }, body(author), key),
        ),
      );
      expect(new Set(results.map((r) => r.post.id)).size).toBe(1);
      const listed = await posts.listNewest({ authorId: author, limit: 10 });
      expect(listed.items).toHaveLength(1);
    });

    it('still replays after the post is deleted, without creating it again', async () => {
      const author = `gone-${randomUUID().slice(0, 8)}`;
      const key = randomUUID();
      const { post } = await createPost({ posts }, { userId: author }, body(author), key);
      await posts.delete(post.id, author);
      const again = await createPost({ posts }, { userId: author }, body(author), key);
      expect(again.post.id).toBe(post.id);
      expect(await posts.get(post.id)).toBeUndefined();
    });

    it('treats a body with and without its own author_id as the same request', async () => {
      const author = `same-${randomUUID().slice(0, 8)}`;
      const key = randomUUID();
      const named = await createPost({ posts }, { userId: author }, body(author), key);
      const { content, post_type } = body(author);
      const unnamed = { content, post_type };
      const again = await createPost({ posts }, { userId: author }, unnamed, key);
      expect(again).toEqual({ post: named.post, replayed: true });
    });

    it('scopes keys to the caller: two users may use the same key', async () => {
      const key = randomUUID();
      const a = await createPost({ posts }, { userId: 'scope-a' }, body('scope-a'), key);
      const b = await createPost({ posts }, { userId: 'scope-b' }, body('scope-b'), key);
      expect(a.post.id).not.toBe(b.post.id);
      expect(b.replayed).toBe(false);
    });
  });
});
