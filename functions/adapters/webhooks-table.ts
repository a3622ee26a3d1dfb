import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { service } from '../../lib/description';
import type { StoredWebhook, WebhookRepository } from '../domain/webhook';
import { TableAdapter } from './table-adapter';

/**
 * Webhooks in the single table:
 *   pk=WEBHOOK#<id>  sk=WEBHOOK   byAuthor: WEBHOOKS#<author> / <created_at>#<id>
 *   count    pk=WEBHOOKS#<author>  sk=COUNT  how many the author has
 * Their own partition in the byAuthor index, apart from the author's posts
 * (`AUTHOR#<author>`). The count is taken before a webhook is written, with a
 * condition (below the limit), so parallel registrations cannot pass it
 * (dynalite has no transactions; a conditional counter needs none). The secret is stored (it signs every callback) and
 * encrypted at rest with the table.
 */
const SK = 'WEBHOOK';
const { byAuthor } = service.table.indexes;

export class WebhooksTable extends TableAdapter implements WebhookRepository {
  async create(webhook: StoredWebhook, maxPerAuthor: number): Promise<'created' | 'limit_reached'> {
    const taken = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: countKey(webhook.author_id),
        UpdateExpression: 'ADD #count :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1, ':max': maxPerAuthor },
      }),
    );
    if (!taken.written) return 'limit_reached';
    try {
      await this.put(webhook);
    } catch (error) {
      await this.release(webhook.author_id).catch(() => undefined);
      throw error;
    }
    return 'created';
  }

  private async put(webhook: StoredWebhook): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `WEBHOOK#${webhook.id}`,
          sk: SK,
          [byAuthor.partitionKey]: `WEBHOOKS#${webhook.author_id}`,
          [byAuthor.sortKey]: `${webhook.created_at}#${webhook.id}`,
          ...webhook,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      this.sendOptions,
    );
  }

  async listByAuthor(authorId: string): Promise<StoredWebhook[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byAuthor',
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byAuthor.partitionKey },
        ExpressionAttributeValues: { ':pk': `WEBHOOKS#${authorId}` },
        ScanIndexForward: false,
        // Far above the per-author limit: a list that long would be a bug, not a page.
        Limit: 100,
      }),
      this.sendOptions,
    );
    return Items.map((item) => ({
      id: String(item.id),
      author_id: String(item.author_id),
      url: String(item.url),
      events: (item.events ?? []) as StoredWebhook['events'],
      created_at: String(item.created_at),
      secret: String(item.secret),
    }));
  }

  async delete(id: string, ownerId: string): Promise<'deleted' | 'not_found' | 'not_owner'> {
    const Key = { pk: `WEBHOOK#${id}`, sk: SK };
    // The owner check is in the write itself: no window between a read and the delete.
    const deleted = await this.conditionalWrite(
      new DeleteCommand({
        TableName: this.tableName,
        Key,
        ConditionExpression: 'attribute_exists(pk) AND author_id = :owner',
        ExpressionAttributeValues: { ':owner': ownerId },
      }),
      { key: Key, projection: 'pk' },
    );
    if (deleted.written) {
      await this.release(ownerId);
      return 'deleted';
    }
    return deleted.existing ? 'not_owner' : 'not_found';
  }

  /** Gives a slot back (never below zero). */
  private async release(authorId: string): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: countKey(authorId),
        UpdateExpression: 'ADD #count :minus',
        ConditionExpression: '#count > :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
      }),
    );
  }
}

const countKey = (authorId: string) => ({ pk: `WEBHOOKS#${authorId}`, sk: 'COUNT' });
