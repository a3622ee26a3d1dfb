/** The one DynamoDB table: keys, TTL attribute and indexes (docs/architecture.md draws the items). */
import type { IndexSpec } from './types';

/**
 * What a list page shows of each post: all of it but its follow-up jobs' progress
 * (`jobs`, on GET /posts/{id}), so a job finishing writes nothing to the list indexes.
 */
export const listedPostAttributes = [
  'id',
  'author_id',
  'content',
  'post_type',
  'tags',
  'status',
  'created_at',
  'updated_at',
] as const;

/** What the byAuthor index copies of a webhook: its subscription and its deliveries' health. */
export const webhookAttributes = [
  'url',
  'events',
  'secret',
  'verified_at',
  'state',
  'consecutive_failures',
  'last_delivery_at',
  'disabled_reason',
] as const;

export const table = {
  /** Logical name; the deployed table gets a generated physical name. */
  name: 'posts',
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expires_at',
  indexes: {
    /** Posts by author, newest first. */
    /**
     * Also an author's webhooks (their own partition): what the notification worker fans out
     * to, and what GET /webhooks shows of their deliveries' health.
     */
    byAuthor: {
      partitionKey: 'gsi1pk',
      sortKey: 'gsi1sk',
      include: [...listedPostAttributes, ...webhookAttributes],
    },
    /** Every post, newest first (one partition: fine for a feed of this size, see docs). */
    feed: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk', include: listedPostAttributes },
    /**
     * Sparse: only posts whose follow-up jobs are not all on a queue yet (the sweeper's list).
     * Keys only: the sweeper reads each post it finds (rare), every post passes through here.
     */
    unsent: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  } satisfies Record<string, IndexSpec>,
} as const;
