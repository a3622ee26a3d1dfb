import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { JobsTable } from '../../functions/adapters/jobs-table';
import { MediaTable } from '../../functions/adapters/media-table';
import { PostCountersTable } from '../../functions/adapters/post-counters-table';
import { PostFollowUpsTable } from '../../functions/adapters/post-follow-ups-table';
import { PostsTable } from '../../functions/adapters/posts-table';
import { deletePost } from '../../functions/domain/delete-post';
import { initialFollowUps } from '../../functions/domain/follow-ups';
import { postJobId, type PostJob } from '../../functions/domain/job';
import type { Post } from '../../functions/domain/post';
import { countPost, type CountPostDeps } from '../../functions/domain/post-stats';
import { functions } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

/**
 * `GET /stats` counts the posts that exist: a delete takes a counted post off the
 * counters, whenever the analytics job runs relative to it (before, after, or between
 * its two writes), and however often either runs.
 */
let table: Awaited<ReturnType<typeof localTable>>;
let posts: PostsTable;
let counters: PostCountersTable;
let deps: CountPostDeps;
let deleteDeps: Parameters<typeof deletePost>[0];

beforeAll(async () => {
  table = await localTable();
  const db = documentClient(functions.analyticsWorker.sdk);
  posts = new PostsTable(db, table.tableName);
  counters = new PostCountersTable(db, table.tableName);
  const followUps = new PostFollowUpsTable(db, table.tableName);
  deps = {
    counters,
    marks: followUps,
    ledger: new JobsTable(db, table.tableName),
    followUps,
    leaseSeconds: 30,
  };
  deleteDeps = {
    posts,
    media: new MediaTable(db, table.tableName),
    storage: { delete: () => Promise.resolve() },
    counters,
  };
});
afterAll(() => table.close());

async function newPost(author: string): Promise<Post> {
  const at = new Date().toISOString();
  const post: Post = {
    id: randomUUID(),
    author_id: author,
    content: 'counted, then deleted',
    post_type: 'news',
    tags: [],
    status: 'processing',
    created_at: at,
    updated_at: at,
    jobs: initialFollowUps(),
  };
  expect((await posts.create(post)).kind).toBe('created');
  return post;
}

const jobOf = (post: Post): PostJob => ({
  kind: 'analytics',
  job_id: postJobId('analytics', post.id),
  enqueued_at: post.created_at,
  post,
});

async function totals(author: string) {
  const today = new Date().toISOString().slice(0, 10);
  const read = await counters.read({ authorId: author, from: today, to: today });
  return { posts: read.totals.posts, news: read.totals.by_type.news, today: read.daily[0]?.posts };
}

const remove = (post: Post) => deletePost(deleteDeps, { userId: post.author_id }, post.id);
const nobody = { posts: 0, news: 0, today: 0 };
const one = { posts: 1, news: 1, today: 1 };

describe('deleting a post keeps the counters equal to the posts that exist', () => {
  it('counted, then deleted: it comes off every counter (author, type, total and day)', async () => {
    const author = `del-${randomUUID().slice(0, 8)}`;
    const kept = await newPost(author);
    const gone = await newPost(author);
    for (const p of [kept, gone]) expect(await countPost(deps, jobOf(p))).toBe('counted');
    expect((await totals(author)).posts).toBe(2);
    await remove(gone);
    expect(await totals(author)).toEqual(one);
    // A redelivered job of the deleted post changes nothing.
    await countPost(deps, jobOf(gone));
    expect(await totals(author)).toEqual(one);
  });

  it('deleted before its job ran: the job that runs after the delete counts nothing, and brings nothing back', async () => {
    const author = `late-${randomUUID().slice(0, 8)}`;
    const post = await newPost(author);
    await remove(post);
    await countPost(deps, jobOf(post));
    expect(await totals(author)).toEqual(nobody);
    expect(await posts.get(post.id)).toBeUndefined();
  });

  it('deleted while its job runs (after it added, before it marked the post): counted once, taken off once', async () => {
    const author = `race-${randomUUID().slice(0, 8)}`;
    const post = await newPost(author);
    const racing: CountPostDeps = {
      ...deps,
      marks: {
        markCounted: async (postId, at) => {
          await remove(post);
          return deps.marks.markCounted(postId, at);
        },
      },
    };
    await countPost(racing, jobOf(post));
    expect(await totals(author)).toEqual(nobody);
    expect(await posts.get(post.id)).toBeUndefined();
  });

  it('deleted right after its job marked it: the delete takes it off', async () => {
    const author = `after-${randomUUID().slice(0, 8)}`;
    const post = await newPost(author);
    const racing: CountPostDeps = {
      ...deps,
      marks: {
        markCounted: async (postId, at) => {
          const marked = await deps.marks.markCounted(postId, at);
          await remove(post);
          return marked;
        },
      },
    };
    await countPost(racing, jobOf(post));
    expect(await totals(author)).toEqual(nobody);
  });

  it("a counted post is not shown as counted: the mark is the table's, not the post's", async () => {
    const post = await newPost(`mark-${randomUUID().slice(0, 8)}`);
    await countPost(deps, jobOf(post));
    expect(Object.keys((await posts.get(post.id)) ?? {})).not.toContain('counted_at');
  });
});
