import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { service } from '../../../lib/description';
import type { CheckResult, RecordedCheck } from '../../domain/health';
import { TableAdapter } from '../table-adapter';

/**
 * The cache's last probe, kept in the table: `cacheProbe` pings the cache
 * from inside its network and records the answer here; `GET /health`, outside
 * that network, reads it. One small item, rewritten on each probe:
 *   pk=HEALTH#cache  sk=HEALTH  status, latency_ms, detail?, checked_at, expires_at
 */
const key = { pk: 'HEALTH#cache', sk: 'HEALTH' };
/** Long past any staleness bound: the item goes if the prober is removed. */
const keepSeconds = 24 * 60 * 60;

export class CacheStatusTable extends TableAdapter {
  async record(result: CheckResult, at: Date): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...key,
          ...result,
          checked_at: at.toISOString(),
          [service.table.ttlAttribute]: Math.floor(at.getTime() / 1000) + keepSeconds,
        },
      }),
      this.sendOptions,
    );
  }

  async read(): Promise<RecordedCheck | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: key }),
      this.sendOptions,
    );
    if (!Item || typeof Item.checked_at !== 'string') return undefined;
    const { status, latency_ms, detail } = Item as Partial<CheckResult>;
    if (!status || typeof latency_ms !== 'number') return undefined;
    return {
      result: { status, latency_ms, ...(typeof detail === 'string' ? { detail } : {}) },
      checkedAt: new Date(Item.checked_at),
    };
  }
}
