import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { jobs, service } from '../../lib/description';
import type { WebhookEvent } from '../domain/webhook';
import type {
  AttemptRecord,
  DeliveryLease,
  DeliveryPage,
  DeliveryRef,
  DeliveryRepository,
  DeliveryState,
  NewDelivery,
  WebhookDelivery,
} from '../domain/webhook-delivery';
import { decodeCursor, encodeCursor, type CursorShape } from './page-cursor';
import { TableAdapter, type Item } from './table-adapter';

/**
 * Webhook deliveries in the single table, in their webhook's partition:
 *   pk=WEBHOOK#<webhook id>  sk=DELIVERY#<event time>#<delivery id>
 * so one Query reads a webhook's deliveries newest first, and one IAM prefix
 * (`WEBHOOK#`) covers a webhook and its deliveries. An attempt holds a lease
 * (a conditional write, like a job's): one attempt at a time, none once the
 * delivery is settled. Records expire after `deliveryTtlDays`.
 */
const PREFIX = 'DELIVERY#';
const ttl = service.table.ttlAttribute;
const states: readonly DeliveryState[] = ['pending', 'succeeded', 'failed'];

export class WebhookDeliveriesTable extends TableAdapter implements DeliveryRepository {
  async open(delivery: NewDelivery): Promise<WebhookDelivery> {
    const { ref, at } = delivery;
    const now = at.toISOString();
    const item: Item = {
      ...keyOf(ref),
      delivery_id: ref.deliveryId,
      webhook_id: ref.webhookId,
      post_id: ref.postId,
      event: delivery.event,
      state: delivery.refused ? 'failed' : 'pending',
      attempts: 0,
      created_at: now,
      updated_at: now,
      ...(delivery.refused ? { last_error: delivery.refused } : {}),
      [ttl]: Math.floor(at.getTime() / 1000) + jobs.webhooks.deliveryTtlDays * 24 * 60 * 60,
    };
    const opened = await this.conditionalWrite(
      new PutCommand({
        TableName: this.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
      { key: keyOf(ref) },
    );
    if (opened.written) return toDelivery(item);
    // Opened by an earlier run of the job: as it stands now.
    return toDelivery(opened.existing ?? item);
  }

  async begin(ref: DeliveryRef, leaseSeconds: number, at: Date): Promise<DeliveryLease> {
    const token = randomUUID();
    const now = at.getTime();
    const outcome = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(ref),
        UpdateExpression:
          'SET #state = :pending, lease_until = :until, lease_token = :token, updated_at = :at ' +
          'ADD attempts :one REMOVE resumable',
        ConditionExpression:
          'attribute_exists(pk) AND ' +
          '(#state = :pending OR (#state = :failed AND resumable = :true)) AND ' +
          '(attribute_not_exists(lease_until) OR lease_until < :now)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':failed': 'failed',
          ':true': true,
          ':until': now + leaseSeconds * 1000,
          ':token': token,
          ':at': at.toISOString(),
          ':one': 1,
          ':now': now,
        },
        ReturnValues: 'ALL_NEW',
      }),
      { key: keyOf(ref) },
    );
    if (outcome.written) {
      return { state: 'acquired', token, attempts: Number(outcome.attributes?.attempts ?? 1) };
    }
    const existing = outcome.existing;
    if (!existing) return { state: 'missing' };
    if (existing.state !== 'pending' && existing.resumable !== true) {
      return { state: 'finished', delivery: toDelivery(existing) };
    }
    const until = typeof existing.lease_until === 'number' ? existing.lease_until : now;
    return { state: 'busy', retryInSeconds: Math.max(1, Math.ceil((until - now) / 1000)) };
  }

  async settle(ref: DeliveryRef, token: string, attempt: AttemptRecord): Promise<boolean> {
    const at = attempt.at.toISOString();
    const set: Record<string, unknown> = {
      last_status: attempt.status,
      last_error: attempt.error,
      next_attempt_at: attempt.nextAttemptAt?.toISOString(),
    };
    const given = Object.entries(set).filter(([, value]) => value !== undefined);
    const removed = Object.keys(set).filter((name) => set[name] === undefined);
    const { written } = await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(ref),
        UpdateExpression:
          `SET #state = :state, last_attempt_at = :at, updated_at = :at` +
          given.map(([name]) => `, ${name} = :${name}`).join('') +
          ` REMOVE ${['lease_until', 'lease_token', ...removed].join(', ')}`,
        ConditionExpression: 'lease_token = :token',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': attempt.state,
          ':at': at,
          ':token': token,
          ...Object.fromEntries(given.map(([name, value]) => [`:${name}`, value])),
        },
      }),
    );
    return written;
  }

  async abandon(ref: DeliveryRef, at: Date, reason: string): Promise<void> {
    await this.conditionalWrite(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keyOf(ref),
        UpdateExpression:
          'SET #state = :failed, resumable = :true, last_error = :reason, updated_at = :at ' +
          'REMOVE lease_until, lease_token, next_attempt_at',
        ConditionExpression: 'attribute_exists(pk) AND #state <> :succeeded',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':failed': 'failed',
          ':succeeded': 'succeeded',
          ':true': true,
          ':reason': reason,
          ':at': at.toISOString(),
        },
      }),
    );
  }

  async list(webhookId: string, limit: number, cursor?: string): Promise<DeliveryPage> {
    const shape: CursorShape = {
      pk: new RegExp(`^WEBHOOK#${webhookId}$`),
      sk: new RegExp(`^${PREFIX}\\S+$`),
    };
    const { Items = [], LastEvaluatedKey } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `WEBHOOK#${webhookId}`, ':prefix': PREFIX },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, shape) : undefined,
      }),
      this.sendOptions,
    );
    return {
      items: Items.map(toDelivery),
      ...(LastEvaluatedKey ? { next_cursor: encodeCursor(LastEvaluatedKey) } : {}),
    };
  }
}

const keyOf = (ref: DeliveryRef) => ({
  pk: `WEBHOOK#${ref.webhookId}`,
  sk: `${PREFIX}${ref.eventAt}#${ref.deliveryId}`,
});

/** What the owner reads: the record without its keys, lease or expiry. */
function toDelivery(item: Item): WebhookDelivery {
  const text = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] } : {});
  return {
    id: String(item.delivery_id),
    webhook_id: String(item.webhook_id),
    event: String(item.event) as WebhookEvent,
    post_id: String(item.post_id),
    state: states.find((s) => s === item.state) ?? 'pending',
    attempts: Number(item.attempts ?? 0),
    created_at: String(item.created_at),
    updated_at: String(item.updated_at),
    ...(typeof item.last_status === 'number' ? { last_status: item.last_status } : {}),
    ...text('last_error'),
    ...text('last_attempt_at'),
    ...(item.state === 'pending' ? text('next_attempt_at') : {}),
  };
}
