/**
 * The limits the handlers enforce and the settings the domain reads: request
 * bodies, media, the cache, the partner, health, jobs. This is the only part
 * of the description `functions/domain/` may import (the lint enforces it).
 */
import { cacheCalls, healthChecks, partnerCalls } from './call-timeouts';
import { queueNames, type QueueName } from './queues';
import type { MediaPrefix } from './types';

export type { QueueName };

/** Every job kind (a queue of queues.ts). */
export const jobKinds: readonly QueueName[] = queueNames;

export const requestLimits = {
  /** Request bodies above this are refused before parsing. */
  maxBodyBytes: 64 * 1024,
  /** The LinkedIn limit for a post. */
  contentMaxChars: 3_000,
  authorIdMaxChars: 128,
  tagsMax: 10,
  tagMaxChars: 50,
  listDefaultLimit: 20,
  listMaxLimit: 100,
  idempotencyKeyMaxChars: 255,
  /** How long a retry with the same Idempotency-Key replays the first answer. */
  idempotencyTtlSeconds: 24 * 60 * 60,
  /**
   * The per-caller limit's count (one UpdateItem) may take this long; past it the request goes
   * on uncounted, so a hanging table costs the request this much, not the SDK's whole budget.
   */
  callerCountBudgetMs: 300,
} as const;

/** Images: uploads straight to S3 with presigned POSTs, checked and resized by the media worker. */
export const media = {
  /** Logical name; locally the bucket is called this, the deployed one gets a generated name. */
  bucketName: 'posts-media',
  prefixes: { uploads: 'uploads/', renditions: 'media/', cards: 'cards/' } satisfies Record<
    string,
    MediaPrefix
  >,
  contentTypes: ['image/jpeg', 'image/png', 'image/webp'],
  maxUploadBytes: 10 * 1024 * 1024,
  maxPerPost: 10,
  /** How long a presigned POST may be used. */
  uploadUrlTtlSeconds: 15 * 60,
  /** How long a download URL in GET /posts/{id} works (longer than any cache of that answer). */
  downloadUrlTtlSeconds: 60 * 60,
  /** A pending record whose upload never came is dropped (DynamoDB TTL) after this. */
  pendingTtlSeconds: 24 * 60 * 60,
  /** Decompression bombs: refused before decoding. */
  maxPixels: 50_000_000,
  maxSide: 12_000,
  web: { maxWidth: 1600, maxHeight: 1600, quality: 82 },
  thumbnail: { width: 320, height: 320, quality: 75 },
  shareCard: { width: 1200, height: 630 },
  /** Browser uploads go straight to S3 from any page that holds a presigned POST. */
  cors: {
    allowedOrigins: ['*'],
    allowedMethods: ['POST', 'GET', 'HEAD'],
    allowedHeaders: ['*'],
    exposedHeaders: ['ETag'],
    maxAgeSeconds: 3000,
  },
  lifecycle: {
    abortIncompleteUploadsAfterDays: 1,
    /** What is still under uploads/ by then was rejected, or never processed (its message in the DLQ). */
    expireUploadsAfterDays: 3,
    /**
     * Renditions and share cards are kept while their post is: after this many days they move
     * to S3 Intelligent-Tiering, which stores what nobody reads for a month at the infrequent
     * rate with no retrieval fee (objects under 128 KB, most thumbnails, stay as they are).
     */
    tierKeptImagesAfterDays: 30,
    /** The bucket is versioned: an overwritten or deleted object's old version is kept this long. */
    noncurrentVersionDays: 30,
  },
} as const;

/** Cache-aside for `GET /posts/{id}` (ElastiCache Serverless for Valkey in the cloud). */
export const cache = {
  /** How long a post stays cached (the guide's `@cached(ttl=300)`). */
  postTtlSeconds: 300,
  /** Every cache call, connecting included: past this the request reads DynamoDB instead. */
  commandTimeoutMs: cacheCalls.requestTimeoutMs,
  /** A connection attempt (TCP, TLS, AUTH) runs on past a request's timeout up to this long. */
  connectTimeoutMs: 1_000,
  /** After a failed connection, calls fail at once for this long, doubling up to `max`. */
  reconnectBackoffMs: { initial: 100, max: 5_000 },
  /** This many timeouts in a row and the connection is dropped and opened afresh. */
  timeoutsBeforeReconnect: 3,
  port: 6379,
  engine: 'valkey',
  majorEngineVersion: '8',
  /** ElastiCache Serverless bills by use: these bound the bill. */
  usageLimits: { maxDataStorageGb: 1, maxEcpuPerSecond: 5_000 },
  /** The in-process cache (`npm run dev` without CACHE_URL): entries per container. */
  localMaxEntries: 1_000,
} as const;

/** The partner HTTP API behind `GET /external-data`. */
export const partner = {
  name: 'trending',
  connectTimeoutMs: partnerCalls.connectTimeoutMs,
  /** One attempt, connect to last byte. */
  attemptTimeoutMs: partnerCalls.requestTimeoutMs,
  maxAttempts: partnerCalls.maxAttempts,
  /** No attempt is started with less time than this left in the budget. */
  minAttemptMs: 100,
  /** Full jitter: a retry waits a random time up to min(maxMs, baseMs * 2^n). */
  backoff: { baseMs: 100, maxMs: 800 },
  /** Every attempt and wait together; retries stop when the rest would not fit. */
  budgetMs: 2_500,
  /** Kept free of the budget for the DynamoDB write of a fresh answer. */
  storeReserveMs: 1_000,
  /** A last good answer younger than this is served without calling the partner. */
  freshSeconds: 60,
  /** How long the last good answer is kept to serve while the partner is down. */
  keepSeconds: 24 * 60 * 60,
  maxBodyBytes: 256 * 1024,
  /** Consecutive failed calls that open the breaker; it half-opens after `openMs`. */
  breaker: { failureThreshold: 3, openMs: 30_000 },
  /** Retry-After on a 503 when the breaker is closed (open: the time left open). */
  retryAfterSeconds: 5,
} as const;

export const health = healthChecks;

/** Background jobs (queues in `queues` above). */
export const jobs = {
  /** The jobs every new post starts; it is `ready` when all are done. */
  postFollowUps: ['analytics', 'notifications', 'image'] satisfies QueueName[],
  deadLetterRetentionDays: 14,
  /** Job records (status, result, idempotency) expire after this. */
  recordTtlDays: 30,
  /** The sweeper leaves posts younger than this alone: their request may still be enqueueing. */
  sweepGraceSeconds: 60,
  sweepPageSize: 100,
  // The body limit fits 100,000 characters even if a client \u-escapes every one of them.
  text: { minChars: 1, maxChars: 100_000, maxBodyBytes: 1_300_000 },
  /** Keywords and hashtags in a text analysis result. */
  topTerms: 10,
  /** Adult silent reading speed, for reading time. */
  wordsPerMinute: 238,
  stats: { defaultDays: 30, maxDays: 366 },
  webhooks: {
    events: ['post.created'],
    maxPerAuthor: 10,
    urlMaxChars: 2_048,
    /** The whole callback, connect to last byte: a slow receiver is a failed delivery. */
    timeoutMs: 3_000,
    /** Callbacks sent at once by one invocation. */
    concurrency: 8,
    userAgent: 'posts-api-webhooks/1',
    /**
     * Attempts of one delivery (the first and five retries, with the webhookDeliveries queue's
     * backoff between them); then it is recorded `failed`, and its message deleted.
     */
    maxAttempts: 6,
    /** Deliveries failed in a row (each after all its attempts) that disable a webhook. */
    disableAfterFailedDeliveries: 10,
    /** Delivery records expire (DynamoDB TTL) after this. */
    deliveryTtlDays: 30,
    /** `GET /webhooks/{id}/deliveries`: a page's size, by default and at most. */
    deliveriesPage: { defaultLimit: 20, maxLimit: 100 },
  },
} as const;
