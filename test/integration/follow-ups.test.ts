import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostFollowUpsTable } from '../../functions/adapters/post-follow-ups-table';
import { PostsTable } from '../../functions/adapters/posts-table';
import { SqsJobQueue } from '../../functions/adapters/sqs-job-queue';
import { createPost } from '../../functions/domain/create-post';
import { sweepFollowUps } from '../../functions/domain/follow-ups';
import { functions, queueEnvironment, service, type QueueName } from '../../lib/description';
import { ensureJobQueues, type LocalJobQueue } from '../../local/job-queues';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import { localTable } from '../support/local-dynamodb';

/**
 * createPost and the sweeper with the real adapters: dynalite for the table,
 * the local SQS service for the queues (reached with the real SDK).
 */
let table: Awaited<ReturnType<typeof localTable>>;
let sqsServer: SqsServer;
let sqsDir: string;
let sqs: SQSClient;
let jobQueues: Record<QueueName, LocalJobQueue>;
let posts: PostsTable;
let ledger: PostFollowUpsTable;

beforeAll(async () => {
  table = await localTable();
  sqsDir = await mkdtemp(join(tmpdir(), 'follow-ups-'));
  sqsServer = await startSqsServer({ port: 0, dataDir: sqsDir });
  jobQueues = ensureJobQueues(sqsServer.store, sqsServer.url);
  sqs = new SQSClient({
    endpoint: sqsServer.url,
    region: localRegion,
    credentials: localCredentials,
  });
  const db = documentClient(functions.createPost.sdk);
  posts = new PostsTable(db, table.tableName);
  ledger = new PostFollowUpsTable(db, table.tableName);
});
afterAll(async () => {
  sqs.destroy();
  await sqsServer.close();
  await rm(sqsDir, { recursive: true, force: true });
  await table.close();
});

/** A job queue as createPost sees it; `broken` names a queue that does not exist. */
function jobsFor(broken?: 'analytics' | 'notifications') {
  const env = queueEnvironment('createPost', (queue) =>
    queue === broken ? `${jobQueues[queue].url}-missing` : jobQueues[queue].url,
  );
  return new SqsJobQueue(sqs, env);
}

async function drain(queue: 'analytics' | 'notifications' | 'image'): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: jobQueues[queue].url, MaxNumberOfMessages: 10 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((m) => JSON.parse(m.Body ?? 'null') as unknown));
  }
}

const body = (author: string) => ({ content: 'Follow me', post_type: 'news', author_id: author });

describe('follow-up jobs of a new post', () => {
  it('are queued once the post is stored, and the post leaves the sweeper list', async () => {
    const { post, dispatch } = await createPost(
      { posts, followUps: { jobs: jobsFor(), ledger } },
      { userId: 'fu-ok' },
      body('fu-ok'),
    );
    expect(dispatch).toEqual({ sent: ['analytics', 'notifications', 'image'], failed: [] });
    expect(post.jobs).toEqual({ analytics: 'pending', notifications: 'pending', image: 'pending' });
    expect(await ledger.isUnsent(post.id)).toBe(false);
    const [analytics] = await drain('analytics');
    expect(analytics).toMatchObject({ kind: 'analytics', job_id: `analytics:${post.id}`, post });
    expect(await drain('notifications')).toHaveLength(1);
    expect(await drain('image')).toEqual([
      expect.objectContaining({ kind: 'image', job_id: `image:${post.id}`, post }),
    ]);
  });

  it('when a queue fails: the post is stored, says what is pending, and a retry completes it', async () => {
    const key = randomUUID();
    const first = await createPost(
      { posts, followUps: { jobs: jobsFor('notifications'), ledger } },
      { userId: 'fu-retry' },
      body('fu-retry'),
      key,
    );
    expect(first.dispatch?.sent).toEqual(['analytics', 'image']);
    expect(first.dispatch?.failed.map((f) => f.kind)).toEqual(['notifications']);
    expect(await posts.get(first.post.id)).toMatchObject({
      status: 'processing',
      jobs: { analytics: 'pending', notifications: 'pending', image: 'pending' },
    });
    expect(await ledger.isUnsent(first.post.id)).toBe(true);

    // The client retries with the same key: same post, and what was missing is sent.
    const retry = await createPost(
      { posts, followUps: { jobs: jobsFor(), ledger } },
      { userId: 'fu-retry' },
      body('fu-retry'),
      key,
    );
    expect(retry.replayed).toBe(true);
    expect(retry.post.id).toBe(first.post.id);
    expect(retry.dispatch?.failed).toEqual([]);
    expect(await ledger.isUnsent(first.post.id)).toBe(false);
    const notifications = await drain('notifications');
    expect(notifications).toEqual([
      expect.objectContaining({ job_id: `notifications:${first.post.id}` }),
    ]);
    await drain('analytics');
    await drain('image');

    // A further retry finds nothing left to send.
    const again = await createPost(
      { posts, followUps: { jobs: jobsFor(), ledger } },
      { userId: 'fu-retry' },
      body('fu-retry'),
      key,
    );
    expect(again.dispatch).toBeUndefined();
  });

  it('when a queue fails and nobody retries: the sweeper sends them after the grace period', async () => {
    const { post } = await createPost(
      { posts, followUps: { jobs: jobsFor('analytics'), ledger } },
      { userId: 'fu-sweep' },
      body('fu-sweep'),
    );
    await drain('notifications');
    await drain('image');
    const created = Date.parse(post.created_at);
    // Within the grace period the post is left to its own request.
    const early = await sweepFollowUps({
      jobs: jobsFor(),
      ledger,
      now: () => new Date(created + 1000),
    });
    expect(early.posts).toBe(0);
    const later = new Date(created + (service.jobs.sweepGraceSeconds + 1) * 1000);
    const swept = await sweepFollowUps({ jobs: jobsFor(), ledger, now: () => later });
    expect(swept).toMatchObject({ failed: 0 });
    expect(swept.sent).toBeGreaterThanOrEqual(2);
    expect(await ledger.isUnsent(post.id)).toBe(false);
    // Both jobs go again (the queue cannot tell which went before); workers deduplicate by id.
    expect(await drain('analytics')).toContainEqual(
      expect.objectContaining({ job_id: `analytics:${post.id}` }),
    );
    expect(await drain('notifications')).toContainEqual(
      expect.objectContaining({ job_id: `notifications:${post.id}` }),
    );
    await drain('image');
    const nothingLeft = await sweepFollowUps({ jobs: jobsFor(), ledger, now: () => later });
    expect(nothingLeft.posts).toBe(0);
  });

  it('marks the post ready when its last job is done, once', async () => {
    const { post } = await createPost({ posts }, { userId: 'fu-ready' }, body('fu-ready'));
    expect(await ledger.markDone(post.id, 'analytics', new Date())).toBe('processing');
    expect(await ledger.markDone(post.id, 'image', new Date())).toBe('processing');
    expect((await posts.get(post.id))?.status).toBe('processing');
    const [a, b] = await Promise.all([
      ledger.markDone(post.id, 'notifications', new Date()),
      ledger.markDone(post.id, 'notifications', new Date()),
    ]);
    expect([a, b]).toContain('ready');
    expect(await posts.get(post.id)).toMatchObject({
      status: 'ready',
      jobs: { analytics: 'done', notifications: 'done', image: 'done' },
    });
    expect(await ledger.markDone(randomUUID(), 'analytics', new Date())).toBe('gone');
  });
});
