import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { listedPostAttributes, service } from '../../lib/description';
import type { Post, PostPage, PublicPost } from '../domain/post';
import type {
  CreateOutcome,
  DeleteOutcome,
  IdempotencyClaim,
  ListQuery,
  PostRepository,
} from '../domain/post-repository';
import { decodeCursor, encodeCursor, type CursorShape } from './page-cursor';
import { TableAdapter } from './table-adapter';

/**
 * Posts in the single table. Item layout (keys from the service description):
 *   post         pk=POST#<id>            sk=POST
 *                gsi1pk=AUTHOR#<author>  gsi1sk=<created_at>#<id>   (byAuthor, newest first)
 *                gsi2pk=FEED             gsi2sk=<created_at>#<id>   (feed, newest first)
 *   idempotency  pk=IDEMPOTENCY#<key>    sk=IDEMPOTENCY   + fingerprint, state, the post, expires_at
 */
const { table } = service;
const { byAuthor, feed, unsent } = table.indexes;
const POST_SK = 'POST';
const IDEMPOTENCY_SK = 'IDEMPOTENCY';
const FEED_PK = 'FEED';
export const UNSENT_PK = 'UNSENT';
/** On the post item once the analytics job has added it to the counters. */
export const COUNTED_ATTRIBUTE = 'counted_at';

const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const sortKey = new RegExp(`^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z#${uuid}$`);
const baseCursor = { pk: new RegExp(`^POST#${uuid}$`), sk: new RegExp(`^${POST_SK}$`) };

const storageKeys = new Set([
  table.partitionKey,
  table.sortKey,
  table.ttlAttribute,
  ...Object.values(table.indexes).flatMap((i) => [i.partitionKey, i.sortKey]),
  // Kept on the post item by MediaTable (media slots taken, the drawn card), not part of a post.
  'media_count',
  'share_card',
  // Set by the analytics job once the post is on the counters (PostFollowUpsTable.markCounted).
  COUNTED_ATTRIBUTE,
]);

export class PostsTable extends TableAdapter implements PostRepository {
  /**
   * With a claim, a conditional-write protocol instead of a transaction (so it
   * runs the same on DynamoDB and on dynalite, which has no transactions):
   *   1. claim the key, recording the post it stands for (fails if claimed);
   *   2. put that post (fails if it exists);
   *   3. mark the claim done.
   * A retry that finds a claim for the same request resumes at step 2 with the
   * recorded post, so a request cut off after step 1 still completes and a
   * concurrent duplicate cannot create a second post. A done claim replays the
   * recorded post without writing, even if the post was deleted since.
   */
  async create(post: Post, claim?: IdempotencyClaim): Promise<CreateOutcome> {
    if (!claim) {
      await this.putPost(post);
      return { kind: 'created', post };
    }
    const key = { pk: `IDEMPOTENCY#${claim.key}`, sk: IDEMPOTENCY_SK };
    const nowSeconds = Math.floor(Date.now() / 1000);
    let recorded = post;
    const claimWrite = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          fingerprint: claim.fingerprint,
          state: 'pending',
          post,
          [table.ttlAttribute]: Math.floor(claim.expiresAt.getTime() / 1000),
        },
        // TTL deletes lazily: an expired record counts as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
        ExpressionAttributeNames: { '#ttl': table.ttlAttribute },
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
      { key },
    );
    const claimed = claimWrite.written;
    if (!claimWrite.written) {
      const record = claimWrite.existing;
      if (!record) throw new Error('Idempotency record vanished between write and read');
      if (record.fingerprint !== claim.fingerprint) return { kind: 'key_reused' };
      recorded = record.post as Post;
      if (record.state === 'done') return { kind: 'replayed', post: recorded };
    }
    const created = await this.putPost(recorded);
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #state = :done',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
      this.sendOptions,
    );
    return claimed && created ? { kind: 'created', post } : { kind: 'replayed', post: recorded };
  }

  /** False when a post with this id already exists (nothing is overwritten). */
  private async putPost(post: Post): Promise<boolean> {
    const { written } = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(post),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return written;
  }

  async get(id: string): Promise<Post | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `POST#${id}`, sk: POST_SK } }),
      this.sendOptions,
    );
    return Item ? fromItem(Item) : undefined;
  }

  async listNewest(query: ListQuery): Promise<PostPage> {
    const indexName = query.authorId === undefined ? 'feed' : 'byAuthor';
    const index = table.indexes[indexName];
    const partition = query.authorId === undefined ? FEED_PK : `AUTHOR#${query.authorId}`;
    const shape: CursorShape = {
      ...baseCursor,
      [index.partitionKey]: new RegExp(`^${escapeRegExp(partition)}$`),
      [index.sortKey]: sortKey,
    };
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: query.cursor ? decodeCursor(query.cursor, shape) : undefined,
      }),
      this.sendOptions,
    );
    return {
      items: Items.map(listedPost),
      ...(LastEvaluatedKey ? { next_cursor: encodeCursor(LastEvaluatedKey) } : {}),
    };
  }

  async delete(id: string, ownerId: string): Promise<DeleteOutcome> {
    const key = { pk: `POST#${id}`, sk: POST_SK };
    const deleted = await this.conditionalWrite(
      new DeleteCommand({
        TableName: this.tableName,
        Key: key,
        // Ownership is checked by the write itself, so no one can swap the post in between.
        ConditionExpression: 'attribute_exists(pk) AND author_id = :owner',
        ExpressionAttributeValues: { ':owner': ownerId },
        // The item as it was, in the same step: whether the counters hold it is part of it.
        ReturnValues: 'ALL_OLD',
      }),
      { key, projection: 'pk' },
    );
    if (deleted.written) {
      const old = deleted.attributes;
      return old?.[COUNTED_ATTRIBUTE] !== undefined
        ? { kind: 'deleted', counted: fromItem(old) }
        : { kind: 'deleted' };
    }
    return { kind: deleted.existing ? 'not_owner' : 'not_found' };
  }
}

function toItem(post: Post): Record<string, unknown> {
  const order = `${post.created_at}#${post.id}`;
  return {
    pk: `POST#${post.id}`,
    sk: POST_SK,
    [byAuthor.partitionKey]: `AUTHOR#${post.author_id}`,
    [byAuthor.sortKey]: order,
    [feed.partitionKey]: FEED_PK,
    [feed.sortKey]: order,
    // On the sweeper's list until its follow-up jobs are all on a queue (post-follow-ups-table.ts).
    ...(Object.values(post.jobs ?? {}).includes('pending')
      ? { [unsent.partitionKey]: UNSENT_PK, [unsent.sortKey]: order }
      : {}),
    ...post,
  };
}

/** The post in an item, without the table's own attributes. */
export function fromItem(item: Record<string, unknown>): Post {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !storageKeys.has(name)),
  ) as unknown as PublicPost;
}

/** A post as a list page shows it: what the list indexes copy (the description's `include`). */
function listedPost(item: Record<string, unknown>): PublicPost {
  return Object.fromEntries(
    listedPostAttributes.flatMap((name) => (name in item ? [[name, item[name]]] : [])),
  ) as unknown as PublicPost;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
