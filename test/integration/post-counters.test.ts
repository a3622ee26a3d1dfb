import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostCountersTable } from '../../functions/adapters/post-counters-table';
import type { Post, PostType } from '../../functions/domain/post';
import { getStats } from '../../functions/domain/post-stats';
import { functions } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

let table: Awaited<ReturnType<typeof localTable>>;
let counters: PostCountersTable;

beforeAll(async () => {
  table = await localTable();
  counters = new PostCountersTable(documentClient(functions.analyticsWorker.sdk), table.tableName);
});
afterAll(() => table.close());

function post(author: string, type: PostType, createdAt: string): Post {
  return {
    id: randomUUID(),
    author_id: author,
    content: 'x',
    post_type: type,
    tags: [],
    status: 'processing',
    created_at: createdAt,
    updated_at: createdAt,
  };
}

describe('post counters (dynalite)', () => {
  it('counts per author and per type, in total and by day', async () => {
    const author = `stats-${randomUUID().slice(0, 8)}`;
    const posts = [
      post(author, 'news', '2026-03-01T10:00:00.000Z'),
      post(author, 'news', '2026-03-02T10:00:00.000Z'),
      post(author, 'personal', '2026-03-02T23:59:59.000Z'),
    ];
    for (const p of posts) await counters.add(`analytics:${p.id}`, p);
    const stats = await getStats(
      counters,
      { author_id: author, days: '3' },
      new Date('2026-03-03T12:00:00Z'),
    );
    expect(stats.totals).toEqual({
      posts: 3,
      by_type: { educational: 0, promotional: 0, personal: 1, news: 2, announcement: 0 },
    });
    expect(stats.daily.map((d) => [d.date, d.posts, d.by_type.news, d.by_type.personal])).toEqual([
      ['2026-03-01', 1, 1, 0],
      ['2026-03-02', 2, 1, 1],
      ['2026-03-03', 0, 0, 0],
    ]);
  });

  it('adds a job once, however often it runs, before and after it settles', async () => {
    const author = `once-${randomUUID().slice(0, 8)}`;
    const p = post(author, 'educational', '2026-03-05T08:00:00.000Z');
    const job = `analytics:${p.id}`;
    await Promise.all([counters.add(job, p), counters.add(job, p)]);
    await counters.add(job, p);
    const read = () => counters.read({ authorId: author, from: '2026-03-05', to: '2026-03-05' });
    expect((await read()).totals.posts).toBe(1);
    await counters.settle(job, p);
    await counters.settle(job, p);
    expect((await read()).totals.posts).toBe(1);
    expect((await read()).daily).toEqual([
      expect.objectContaining({ date: '2026-03-05', posts: 1 }),
    ]);
  });

  it('sums the post types for everyone', async () => {
    const before = await counters.read({ from: '2026-04-01', to: '2026-04-01' });
    const p = post(`all-${randomUUID().slice(0, 8)}`, 'announcement', '2026-04-01T00:00:00.000Z');
    await counters.add(`analytics:${p.id}`, p);
    const after = await counters.read({ from: '2026-04-01', to: '2026-04-01' });
    expect(after.totals.posts - before.totals.posts).toBe(1);
    expect(after.totals.by_type.announcement - before.totals.by_type.announcement).toBe(1);
  });

  it('refuses a bad query with field errors', async () => {
    await expect(getStats(counters, { days: '0' })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(getStats(counters, { author_id: 'bad id' })).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(getStats(counters, { days: '367' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});
