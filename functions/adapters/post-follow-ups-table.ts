import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { service } from '../../lib/description';
import type { FollowUpKind, FollowUpLedger } from '../domain/follow-ups';
import type { Post } from '../domain/post';
import type { CountedMarks } from '../domain/post-stats';
import { COUNTED_ATTRIBUTE, fromItem, UNSENT_PK } from './posts-table';
import { TableAdapter } from './table-adapter';

/**
 * The follow-up state kept on the post item itself: `jobs.<kind>` says
 * pending, done or failed (with `failure` naming the last one given up on), and the sparse `unsent` index keys (written with the post)
 * stay until all its jobs are on a queue, which is how the sweeper finds it.
 */
const { unsent } = service.table.indexes;
const POST_SK = 'POST';

export class PostFollowUpsTable extends TableAdapter implements FollowUpLedger, CountedMarks {
  async exists(postId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
      this.sendOptions,
    );
    return Item !== undefined;
  }

  async markCounted(postId: string, at: Date): Promise<boolean> {
    const { written } = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        UpdateExpression: 'SET #counted = if_not_exists(#counted, :at)',
        // A deleted post is not brought back as a stub.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#counted': COUNTED_ATTRIBUTE },
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
    return written;
  }

  async isUnsent(postId: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        ProjectionExpression: '#unsent',
        ExpressionAttributeNames: { '#unsent': unsent.partitionKey },
        ConsistentRead: true,
      }),
      this.sendOptions,
    );
    return Item?.[unsent.partitionKey] !== undefined;
  }

  async markSent(postId: string): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        UpdateExpression: 'REMOVE #pk3, #sk3',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#pk3': unsent.partitionKey, '#sk3': unsent.sortKey },
      }),
    );
  }

  async listUnsent(before: Date, limit: number): Promise<Post[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'unsent',
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': unsent.partitionKey, '#sk': unsent.sortKey },
        ExpressionAttributeValues: { ':pk': UNSENT_PK, ':before': before.toISOString() },
        ScanIndexForward: true,
        Limit: limit,
      }),
      this.sendOptions,
    );
    // The index holds keys only: read each post (a post is listed only when an enqueue failed).
    const posts = await Promise.all(
      Items.map(async (key) => {
        const { Item } = await this.db.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { pk: key.pk as string, sk: key.sk as string },
            ConsistentRead: true,
          }),
        );
        // Sent or deleted since the index was read: nothing left to sweep.
        return Item && Item[unsent.partitionKey] !== undefined ? [fromItem(Item)] : [];
      }),
    );
    return posts.flat();
  }

  async markFailed(postId: string, kind: FollowUpKind, reason: string, at: Date): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        UpdateExpression:
          'SET #jobs.#kind = :failed, #status = :failed, failure = :failure, updated_at = :at',
        // A deleted post stays deleted; a follow-up finished meanwhile stays done.
        ConditionExpression:
          'attribute_exists(pk) AND attribute_exists(#jobs) AND #jobs.#kind <> :done',
        ExpressionAttributeNames: { '#jobs': 'jobs', '#kind': kind, '#status': 'status' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':done': 'done',
          ':at': at.toISOString(),
          ':failure': { follow_up: kind, reason: reason.slice(0, 1_000), at: at.toISOString() },
        },
      }),
    );
  }

  async markDone(
    postId: string,
    kind: FollowUpKind,
    at: Date,
  ): Promise<'ready' | 'processing' | 'gone'> {
    const done = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        UpdateExpression: 'SET #jobs.#kind = :done',
        // A post deleted meanwhile stays deleted; a post from before follow-ups has none.
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(#jobs)',
        ExpressionAttributeNames: { '#jobs': 'jobs', '#kind': kind },
        ExpressionAttributeValues: { ':done': 'done' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    if (!done.written) return 'gone';
    const post = done.attributes;
    if (post?.status === 'ready') return 'ready';
    const jobs = Object.keys((post?.jobs ?? {}) as Record<string, string>);
    if (jobs.some((k) => (post?.jobs as Record<string, string>)[k] !== 'done')) {
      return 'processing';
    }
    // The last job done: ready, once (two workers finishing together both get here).
    // A failed post whose failed follow-up succeeded after a redrive gets here too.
    const names = Object.fromEntries(jobs.map((k, i) => [`#k${i}`, k]));
    const { written: ready } = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(postId),
        UpdateExpression: 'SET #status = :ready, updated_at = :at REMOVE failure',
        ConditionExpression: [
          '#status IN (:processing, :failed)',
          ...jobs.map((_, i) => `#jobs.#k${i} = :done`),
        ].join(' AND '),
        ExpressionAttributeNames: { '#status': 'status', '#jobs': 'jobs', ...names },
        ExpressionAttributeValues: {
          ':ready': 'ready',
          ':processing': 'processing',
          ':failed': 'failed',
          ':done': 'done',
          ':at': at.toISOString(),
        },
      }),
    );
    return ready ? 'ready' : 'processing';
  }
}

const keyOf = (postId: string) => ({ pk: `POST#${postId}`, sk: POST_SK });
