import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { service } from '../../lib/description';
import type { Media, MediaOutcome } from '../domain/media';
import type { MediaRepository, ReserveOutcome, ShareCardRef } from '../domain/media-repository';
import type { Post } from '../domain/post';
import { fromItem } from './posts-table';
import { TableAdapter } from './table-adapter';

/**
 * Media records beside their post, in the post's partition:
 *   media  pk=POST#<post id>  sk=MEDIA#<media id>  + the record, expires_at while pending
 *   post   (PostsTable's item) + media_count (slots taken) and share_card once drawn
 * One Query on the partition reads a post's media and its card.
 */
const POST_SK = 'POST';
const MEDIA_PREFIX = 'MEDIA#';
const { ttlAttribute } = service.table;

export class MediaTable extends TableAdapter implements MediaRepository {
  /**
   * Two conditional writes, no transaction (dynalite has none): the slot on
   * the post first (which also proves the post exists and is the caller's),
   * then the record. A
   * record that fails after its slot was taken costs the post one slot, never
   * a record without a slot.
   */
  async reserve(
    media: Media,
    ownerId: string,
    maxPerPost: number,
    expiresAt: Date,
  ): Promise<ReserveOutcome> {
    const postKey = { pk: `POST#${media.post_id}`, sk: POST_SK };
    const slot = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: postKey,
        UpdateExpression: 'SET media_count = if_not_exists(media_count, :zero) + :one',
        ConditionExpression:
          'attribute_exists(pk) AND author_id = :owner AND (attribute_not_exists(media_count) OR media_count < :max)',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':max': maxPerPost,
          ':owner': ownerId,
        },
      }),
      { key: postKey, projection: 'author_id' },
    );
    if (!slot.written) {
      if (!slot.existing) return 'no_post';
      return slot.existing.author_id === ownerId ? 'full' : 'not_owner';
    }
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...mediaKey(media.post_id, media.id),
          ...media,
          [ttlAttribute]: Math.floor(expiresAt.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      this.sendOptions,
    );
    // A delete between the slot and the record could not see the record: it goes here.
    // (A delete after this read removes the record itself.)
    const { Item: post } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: postKey,
        ProjectionExpression: 'pk',
        ConsistentRead: true,
      }),
      this.sendOptions,
    );
    if (!post) {
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: mediaKey(media.post_id, media.id) }),
        this.sendOptions,
      );
      return 'no_post';
    }
    return 'created';
  }

  async get(postId: string, mediaId: string): Promise<Media | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: mediaKey(postId, mediaId),
        ConsistentRead: true,
      }),
      this.sendOptions,
    );
    return Item ? toMedia(Item) : undefined;
  }

  async forPost(
    postId: string,
    now: Date,
  ): Promise<{ post?: Post; media: Media[]; shareCard?: ShareCardRef }> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `POST#${postId}` },
          ExclusiveStartKey: start,
        }),
        this.sendOptions,
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const media = items
      .filter((item) => String(item.sk).startsWith(MEDIA_PREFIX))
      // TTL deletes lazily: an expired pending record is already gone for readers.
      .filter((item) => typeof item[ttlAttribute] !== 'number' || item[ttlAttribute] >= nowSeconds)
      .map(toMedia)
      .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    const postItem = items.find((item) => item.sk === POST_SK);
    const shareCard = postItem?.share_card as ShareCardRef | undefined;
    return {
      ...(postItem ? { post: fromItem(postItem) } : {}),
      media,
      ...(shareCard ? { shareCard } : {}),
    };
  }

  async finish(postId: string, mediaId: string, outcome: MediaOutcome, at: Date): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':pending': 'pending',
      ':state': outcome.state,
      ':at': at.toISOString(),
    };
    const sets = ['#state = :state', 'updated_at = :at'];
    if (outcome.state === 'rejected') {
      sets.push('reason = :reason');
      values[':reason'] = outcome.reason;
    } else {
      sets.push('width = :width', 'height = :height', 'web = :web', 'thumbnail = :thumbnail');
      Object.assign(values, {
        ':width': outcome.width,
        ':height': outcome.height,
        ':web': outcome.web,
        ':thumbnail': outcome.thumbnail,
      });
    }
    const { written } = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: mediaKey(postId, mediaId),
        // Decided media no longer expire.
        UpdateExpression: `SET ${sets.join(', ')} REMOVE #ttl`,
        ConditionExpression: '#state = :pending',
        ExpressionAttributeNames: { '#state': 'state', '#ttl': ttlAttribute },
        ExpressionAttributeValues: values,
      }),
    );
    return written;
  }

  async removeAll(postId: string): Promise<Media[]> {
    const { media } = await this.forPost(postId, new Date(0));
    // One at a time: a post has at most maxPerPost media.
    for (const item of media) {
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: mediaKey(postId, item.id) }),
        this.sendOptions,
      );
    }
    return media;
  }

  async linkShareCard(postId: string, card: ShareCardRef): Promise<boolean> {
    const { written } = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `POST#${postId}`, sk: POST_SK },
        UpdateExpression: 'SET share_card = :card',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':card': card },
      }),
    );
    return written;
  }
}

function mediaKey(postId: string, mediaId: string) {
  return { pk: `POST#${postId}`, sk: `${MEDIA_PREFIX}${mediaId}` };
}

const storageKeys = new Set(['pk', 'sk', ttlAttribute]);

function toMedia(item: Record<string, unknown>): Media {
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => !storageKeys.has(name)),
  ) as unknown as Media;
}
