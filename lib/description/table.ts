/** The one DynamoDB table: keys, TTL attribute and indexes (docs/architecture.md draws the items). */
import type { IndexSpec } from './types';

export const table = {
  /** Logical name; the deployed table gets a generated physical name. */
  name: 'posts',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expires_at',
  indexes: {
    /** Posts by author, newest first. */
    byAuthor: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Every post, newest first (one partition: fine for a feed of this size, see docs). */
    feed: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    /** Sparse: only posts whose follow-up jobs are not all on a queue yet (the sweeper's list). */
    unsent: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  } satisfies Record<string, IndexSpec>,
} as const;
