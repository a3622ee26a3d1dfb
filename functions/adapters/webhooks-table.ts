import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { functions, service, type FunctionName } from '../../lib/description';
import type { SecretBox } from '../domain/secret-box';
import type {
  StoredWebhook,
  WebhookHealth,
  WebhookRepository,
  WebhookState,
} from '../domain/webhook';
import { secretBoxFromEnvironment } from './secret-boxes';
import { TableAdapter } from './table-adapter';

/**
 * Webhooks in the single table:
 *   pk=WEBHOOK#<id>  sk=WEBHOOK   byAuthor: WEBHOOKS#<author> / <created_at>#<id>
 *   count    pk=WEBHOOKS#<author>  sk=COUNT  how many the author has
 * Their own partition in the byAuthor index, apart from the author's posts
 * (`AUTHOR#<author>`). The count is taken before a webhook is written, with a
 * condition (below the limit), so parallel registrations cannot pass it
 * (dynalite has no transactions; a conditional counter needs none). The
 * secret signs every callback; it is stored sealed (secret-boxes.ts: KMS in
 * the cloud) and opened only by a function given the key. Without one, listed
 * webhooks carry no secret.
 *
 * The webhook's item also carries its deliveries' health (`state`,
 * `consecutive_failures`, `last_delivery_at`, `disabled_reason`), each change
 * one conditional write; its deliveries live in its partition
 * (webhook-deliveries-table.ts). A webhook stored before these existed reads
 * `active` with no failures.
 */
const SK = 'WEBHOOK';
const { byAuthor } = service.table.indexes;

export class WebhooksTable extends TableAdapter implements WebhookRepository, WebhookHealth {
  constructor(
    db: DynamoDBDocumentClient,
    tableName: string,
    private box?: SecretBox,
    /** Whether listed webhooks carry their secret in the clear (the signing worker only). */
    private opensSecrets = false,
  ) {
    super(db, tableName);
  }

  /** What this function may do with secrets: seal them (given the key), open them to sign. */
  protected override configureFor(name: FunctionName): void {
    const { sdk, secrets } = functions[name];
    this.box = secretBoxFromEnvironment(sdk);
    this.opensSecrets = secrets === 'open';
  }

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
    if (!this.box) throw new Error('this function has no key to seal a webhook secret');
    const secret = await this.box.seal(webhook.secret, { webhook_id: webhook.id });
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `WEBHOOK#${webhook.id}`,
          sk: SK,
          [byAuthor.partitionKey]: `WEBHOOKS#${webhook.author_id}`,
          [byAuthor.sortKey]: `${webhook.created_at}#${webhook.id}`,
          ...webhook,
          secret,
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
    return Promise.all(Items.map((item) => this.toWebhook(item)));
  }

  async get(id: string): Promise<StoredWebhook | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(id) }),
      this.sendOptions,
    );
    return Item ? this.toWebhook(Item) : undefined;
  }

  private async toWebhook(item: Record<string, unknown>): Promise<StoredWebhook> {
    const state = webhookStates.find((s) => s === item.state) ?? 'active';
    return {
      id: String(item.id),
      author_id: String(item.author_id),
      url: String(item.url),
      events: (item.events ?? []) as StoredWebhook['events'],
      created_at: String(item.created_at),
      state,
      consecutive_failures: Number(item.consecutive_failures ?? 0),
      ...(typeof item.last_delivery_at === 'string'
        ? { last_delivery_at: item.last_delivery_at }
        : {}),
      ...(state === 'disabled' && typeof item.disabled_reason === 'string'
        ? { disabled_reason: item.disabled_reason }
        : {}),
      secret: await this.opened(String(item.secret), String(item.id)),
      ...(typeof item.verified_at === 'string' ? { verified_at: item.verified_at } : {}),
    };
  }

  async deliverySucceeded(id: string, at: Date): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(id),
        UpdateExpression:
          'SET #state = :active, consecutive_failures = :zero, last_delivery_at = :at',
        ConditionExpression: notDisabled,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':zero': 0,
          ':at': at.toISOString(),
          ':disabled': 'disabled',
        },
      }),
    );
  }

  async attemptFailed(id: string, at: Date): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(id),
        UpdateExpression: 'SET #state = :failing, last_delivery_at = :at',
        ConditionExpression: notDisabled,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':failing': 'failing',
          ':at': at.toISOString(),
          ':disabled': 'disabled',
        },
      }),
    );
  }

  async deliveryFailed(
    id: string,
    at: Date,
    disableAfter: number,
    reason: string,
  ): Promise<WebhookState | undefined> {
    const counted = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(id),
        UpdateExpression:
          'SET #state = :failing, last_delivery_at = :at ADD consecutive_failures :one',
        ConditionExpression: notDisabled,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':failing': 'failing',
          ':at': at.toISOString(),
          ':one': 1,
          ':disabled': 'disabled',
        },
        ReturnValues: 'ALL_NEW',
      }),
      { key: keyOf(id), projection: 'pk' },
    );
    if (!counted.written) {
      return counted.existing ? 'disabled' : undefined;
    }
    if (Number(counted.attributes?.consecutive_failures ?? 0) < disableAfter) return 'failing';
    const disabled = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(id),
        UpdateExpression: 'SET #state = :disabled, disabled_reason = :reason, disabled_at = :at',
        ConditionExpression: `${notDisabled} AND consecutive_failures >= :limit`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':disabled': 'disabled',
          ':reason': reason,
          ':at': at.toISOString(),
          ':limit': disableAfter,
        },
      }),
    );
    // Not written: disabled meanwhile, or enabled again (its count reset) by its owner.
    return disabled.written ? 'disabled' : (await this.get(id))?.state;
  }

  async enable(
    id: string,
    ownerId: string,
    at: Date,
  ): Promise<'enabled' | 'not_found' | 'not_owner'> {
    const enabled = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(id),
        UpdateExpression:
          'SET #state = :active, consecutive_failures = :zero, verified_at = :at ' +
          'REMOVE disabled_reason, disabled_at',
        ConditionExpression: 'attribute_exists(pk) AND author_id = :owner',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':zero': 0,
          ':at': at.toISOString(),
          ':owner': ownerId,
        },
      }),
      { key: keyOf(id), projection: 'pk' },
    );
    if (enabled.written) return 'enabled';
    return enabled.existing ? 'not_owner' : 'not_found';
  }

  /** The secret in the clear, for a function with the key; '' for any other. */
  private async opened(stored: string, id: string): Promise<string> {
    if (!this.box || !this.opensSecrets) return '';
    // Stored in the clear before secrets were sealed: still valid, signed with as is.
    if (stored.startsWith('whsec_')) return stored;
    return this.box.open(stored, { webhook_id: id });
  }

  async delete(id: string, ownerId: string): Promise<'deleted' | 'not_found' | 'not_owner'> {
    const Key = keyOf(id);
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
const keyOf = (id: string) => ({ pk: `WEBHOOK#${id}`, sk: SK });
const webhookStates: readonly WebhookState[] = ['active', 'failing', 'disabled'];
/** Health changes never touch a disabled webhook (only its owner brings it back), nor a deleted one. */
const notDisabled =
  'attribute_exists(pk) AND (attribute_not_exists(#state) OR #state <> :disabled)';
