import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { service, type FunctionName } from '../../lib/description';
import type { StoredWebhook, WebhookRepository } from '../domain/webhook';
import { functionTable } from './function-table';

/**
 * Webhooks in the single table:
 *   pk=WEBHOOK#<id>  sk=WEBHOOK   byAuthor: WEBHOOKS#<author> / <created_at>#<id>
 * Their own partition in the byAuthor index, apart from the author's posts
 * (`AUTHOR#<author>`). The secret is stored (it signs every callback) and
 * encrypted at rest with the table.
 */
const SK = 'WEBHOOK';
const { byAuthor } = service.table.indexes;

export class WebhooksTable implements WebhookRepository {
  static forFunction(name: FunctionName): WebhooksTable {
    const { client, tableName } = functionTable(name);
    return new WebhooksTable(client, tableName);
  }

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(webhook: StoredWebhook): Promise<void> {
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
    );
    return Items.map((item) => ({
      id: String(item.id),
      author_id: String(item.author_id),
      url: String(item.url),
      events: (item.events ?? []) as StoredWebhook['events'],
      created_at: String(item.created_at),
      secret: String(item.secret),
      ...(typeof item.verified_at === 'string' ? { verified_at: item.verified_at } : {}),
    }));
  }

  async delete(id: string, ownerId: string): Promise<'deleted' | 'not_found' | 'not_owner'> {
    const Key = { pk: `WEBHOOK#${id}`, sk: SK };
    try {
      // The owner check is in the write itself: no window between a read and the delete.
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key,
          ConditionExpression: 'attribute_exists(pk) AND author_id = :owner',
          ExpressionAttributeValues: { ':owner': ownerId },
        }),
      );
      return 'deleted';
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
    );
    return Item ? 'not_owner' : 'not_found';
  }
}
