import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { service } from '../../lib/description';
import type { RequestCounter } from '../domain/caller-limit';
import { TableAdapter } from './table-adapter';

/**
 * Per-caller request counters in the single table, one item per caller,
 * route and window:
 *   pk=LIMIT#<route>#<caller>  sk=<window start, epoch seconds>  count, expires_at
 * Every function may write only under `LIMIT#` besides its own items (the
 * stack's `dynamodb:LeadingKeys` condition); the TTL removes old windows.
 */
export const LIMIT_PREFIX = 'LIMIT#';

export class RequestCountersTable extends TableAdapter implements RequestCounter {
  async increment(key: string, windowStart: number, expiresAt: number): Promise<number> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `${LIMIT_PREFIX}${key}`, sk: String(windowStart) },
        UpdateExpression: 'ADD #count :one SET #ttl = if_not_exists(#ttl, :expires)',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': service.table.ttlAttribute },
        ExpressionAttributeValues: { ':one': 1, ':expires': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
      this.sendOptions,
    );
    return Number(Attributes?.count ?? 1);
  }
}
