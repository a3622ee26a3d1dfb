/**
 * Baseline for cacheProbe: a bare scheduled handler making the same calls, and
 * nothing else: a PING to the cache (its client loaded only where one is
 * configured, with the IAM token signed), its status put in the table.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './bare-dynamodb';

const cached = process.env.CACHE_URL ? import('./bare-cache') : undefined;

export const handler = async (): Promise<void> => {
  let status = 'not configured';
  if (cached) {
    const { cache, iamToken } = await cached;
    await iamToken();
    status = await cache.ping().then(
      () => 'ok',
      () => 'failing',
    );
  }
  await db.send(
    new PutCommand({
      TableName: table(),
      Item: { pk: 'HEALTH#cache', sk: 'STATUS', status, at: new Date().toISOString() },
    }),
  );
};
