import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { service } from '../../../lib/description';
import type { LastGoodStore, PartnerSnapshot } from '../../domain/external-data';
import { TableAdapter } from '../table-adapter';

/**
 * The partner's last good answer in the posts table (pk=PARTNER#<name>,
 * sk=LAST_GOOD), expiring through the table's TTL attribute. It lives in
 * DynamoDB, not in the VPC cache, because this function stays outside the
 * VPC to reach the internet. The body is kept as a string: any JSON the
 * partner sends comes back exactly as it was.
 */
export class DynamoLastGoodStore extends TableAdapter implements LastGoodStore {
  private readonly key: { pk: string; sk: string };

  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    partnerName: string = service.partner.name,
    private readonly keepSeconds: number = service.partner.keepSeconds,
  ) {
    super(db, tableName);
    this.key = { pk: `PARTNER#${partnerName}`, sk: 'LAST_GOOD' };
  }

  async read(): Promise<PartnerSnapshot | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: this.key }),
      this.sendOptions,
    );
    if (!Item) return undefined;
    // TTL deletes lazily: an expired answer counts as none.
    const expiresAt = Item[service.table.ttlAttribute] as number | undefined;
    if (expiresAt !== undefined && expiresAt * 1000 < Date.now()) return undefined;
    return {
      data: JSON.parse(Item.body as string) as unknown,
      fetchedAt: Date.parse(Item.fetched_at as string),
    };
  }

  async write(snapshot: PartnerSnapshot): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.key,
          body: JSON.stringify(snapshot.data),
          fetched_at: new Date(snapshot.fetchedAt).toISOString(),
          [service.table.ttlAttribute]: Math.floor(snapshot.fetchedAt / 1000) + this.keepSeconds,
        },
      }),
      this.sendOptions,
    );
  }
}
