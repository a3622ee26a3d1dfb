/**
 * Every Lambda function: its handler, size, timeouts, what it may touch and
 * what it reaches. A routed function's description does not repeat its route:
 * `functionDescription()` (routes.ts) puts the two together. An API function declares only what differs from
 * `apiDefaults`; a worker is declared with its queue (queues.ts).
 */
import { apiSdk, cacheCalls, healthChecks, partnerCalls, workerSdk } from './call-timeouts';
import { jobs } from './limits';
import { workerSpecs } from './queues';
import type { Dependency, FunctionSpec } from './types';

/** Dependencies on the public internet: a function with one can never be in the VPC. */
export const internetDependencies: readonly Dependency[] = ['partner'];

/** What every function behind a route has unless it says otherwise. */
const apiDefaults = {
  memoryMb: 512,
  // Above apiSdk's whole retry budget (2 attempts x 2 s) plus the deadline margin.
  timeoutSeconds: 6,
  deadlineMarginMs: 1_000,
  sdk: apiSdk,
} as const satisfies Partial<FunctionSpec>;

type ApiFunctionSpec = Omit<FunctionSpec, keyof typeof apiDefaults> &
  Partial<Pick<FunctionSpec, keyof typeof apiDefaults>>;

/** An API function: the defaults above, with what it declares on top. */
function apiFunction(spec: ApiFunctionSpec): FunctionSpec {
  return { ...apiDefaults, ...spec };
}

const functionSpecs = {
  createPost: apiFunction({
    entry: 'functions/api/create-post.ts',
    description: 'validate, store a post once per Idempotency-Key',
    timeoutSeconds: 10,
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    tableKeys: ['POST#', 'IDEMPOTENCY#'],
    sendsTo: jobs.postFollowUps,
  }),
  getPost: apiFunction({
    entry: 'functions/api/get-post.ts',
    description: 'one post, its media and share card with download URLs',
    // One Query of the post's partition: the post, its media, its card.
    tableActions: ['dynamodb:Query'],
    tableKeys: ['POST#'],
    uses: ['cache'],
    cache: cacheCalls,
    // Presigned GETs carry the signer's rights: only the renditions and cards, never uploads.
    bucketAccess: [
      { prefix: 'media/', actions: ['s3:GetObject'] },
      { prefix: 'cards/', actions: ['s3:GetObject'] },
    ],
  }),
  getPostProcessing: apiFunction({
    entry: 'functions/api/get-post-processing.ts',
    description: "how a post's follow-up jobs and uploads went, why one failed: its author only",
    // One Query of the post's partition: the post and its media records. No cache: it changes.
    tableActions: ['dynamodb:Query'],
    tableKeys: ['POST#'],
  }),
  listPosts: apiFunction({
    entry: 'functions/api/list-posts.ts',
    description: 'newest first, by author or across all authors',
    tableActions: [],
    tableKeys: [],
    tableIndexes: ['byAuthor', 'feed'],
  }),
  deletePost: apiFunction({
    entry: 'functions/api/delete-post.ts',
    description: 'only by its author',
    // GetItem tells "not yours" (403) from "not there" (404) after a refused delete;
    // Query and DeleteItem remove the post's media records; UpdateItem takes a counted
    // post off its counters (STATS#).
    tableActions: [
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ],
    tableKeys: ['POST#', 'STATS#'],
    // Everything of the post goes with it: uploads, renditions, its share card.
    bucketAccess: [
      { prefix: 'uploads/', actions: ['s3:DeleteObject'] },
      { prefix: 'media/', actions: ['s3:DeleteObject'] },
      { prefix: 'cards/', actions: ['s3:DeleteObject'] },
    ],
    uses: ['cache'],
    cache: cacheCalls,
  }),
  externalData: apiFunction({
    entry: 'functions/api/external-data.ts',
    description: 'the partner API behind a circuit breaker, or its last good answer',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    tableKeys: ['PARTNER#'],
    uses: ['partner'],
    http: partnerCalls,
  }),
  health: apiFunction({
    entry: 'functions/api/health.ts',
    description: 'DynamoDB, the queues and the cache, each probed with its own timeout',
    memoryMb: 256,
    tableActions: ['dynamodb:GetItem'],
    // HEALTH: the probe's GetItem; HEALTH#cache: the cache prober's record.
    tableKeys: ['HEALTH', 'HEALTH#'],
    // Outside the VPC: it reaches SQS without an interface endpoint, and reads the cache's
    // status as cacheProbe recorded it from inside.
    uses: ['queue-status', 'cache-status'],
    // Every probe at once, the whole answer bounded: a layer of the budget like any call.
    probes: { requestTimeoutMs: healthChecks.budgetMs, maxAttempts: 1 },
  }),
  requestMediaUpload: apiFunction({
    entry: 'functions/api/request-media-upload.ts',
    description: "a presigned S3 POST for one image of the caller's post; the bytes go to S3",
    // UpdateItem takes a slot on the post; GetItem tells "no post" from "not yours" and "no slot left",
    // and whether the post was deleted meanwhile (DeleteItem then drops the record just put).
    tableActions: [
      'dynamodb:UpdateItem',
      'dynamodb:PutItem',
      'dynamodb:GetItem',
      'dynamodb:DeleteItem',
    ],
    tableKeys: ['POST#'],
    // A new image changes the post's cached view: it invalidates it (and so runs in the VPC).
    uses: ['cache'],
    cache: cacheCalls,
    // The presigned POST can only write under uploads/.
    bucketAccess: [{ prefix: 'uploads/', actions: ['s3:PutObject'] }],
  }),
  analyzeText: apiFunction({
    entry: 'functions/api/analyze-text.ts',
    description: 'queue a text analysis job, answer 202 at once',
    tableActions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
    tableKeys: ['JOB#'],
    sendsTo: ['textAnalysis'],
  }),
  getJob: apiFunction({
    entry: 'functions/api/get-job.ts',
    description: 'a text analysis job, its result or its error',
    tableActions: ['dynamodb:GetItem'],
    tableKeys: ['JOB#'],
  }),
  getStats: apiFunction({
    entry: 'functions/api/get-stats.ts',
    description: 'post counters by type and by day, for an author or everyone',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    tableKeys: ['STATS#'],
  }),
  createWebhook: apiFunction({
    entry: 'functions/api/create-webhook.ts',
    description:
      'register a callback URL once its receiver echoes a signed challenge; its secret is shown once',
    timeoutSeconds: 10,
    secrets: 'seal',
    // The ownership challenge: one call to the receiver, on the internet (never in the VPC).
    http: { requestTimeoutMs: jobs.webhooks.timeoutMs, maxAttempts: 1 },
    // UpdateItem: the author's webhook count (WEBHOOKS#<author>), taken before the webhook is put.
    tableActions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    tableKeys: ['WEBHOOK#', 'WEBHOOKS#'],
    tableIndexes: ['byAuthor'],
  }),
  listWebhooks: apiFunction({
    entry: 'functions/api/list-webhooks.ts',
    description: "GET /webhooks: an author's webhooks, without their secrets",
    tableActions: [],
    tableKeys: [],
    tableIndexes: ['byAuthor'],
  }),
  deleteWebhook: apiFunction({
    entry: 'functions/api/delete-webhook.ts',
    description: 'only by its owner',
    // UpdateItem: the author's webhook count, given back.
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
    tableKeys: ['WEBHOOK#', 'WEBHOOKS#'],
  }),
  listWebhookDeliveries: apiFunction({
    entry: 'functions/api/list-webhook-deliveries.ts',
    description: "a webhook's deliveries, newest first, to its owner only",
    // GetItem: the webhook (whose is it); Query: its deliveries, in its own partition.
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    tableKeys: ['WEBHOOK#'],
  }),
  enableWebhook: apiFunction({
    entry: 'functions/api/enable-webhook.ts',
    description:
      'active again, by its owner, once its receiver echoes a new challenge signed with its secret',
    timeoutSeconds: 10,
    // The challenge is signed with the webhook's own secret: it opens it.
    secrets: 'open',
    http: { requestTimeoutMs: jobs.webhooks.timeoutMs, maxAttempts: 1 },
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    tableKeys: ['WEBHOOK#'],
  }),
  sweepFollowUps: {
    entry: 'functions/workers/sweep-follow-ups.ts',
    description: 'Every few minutes: queue the follow-up jobs of posts whose enqueue failed',
    memoryMb: 256,
    timeoutSeconds: 60,
    deadlineMarginMs: 5_000,
    sdk: workerSdk,
    // Query lists the unsent posts' keys (a keys-only index); GetItem reads each post.
    tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    tableKeys: ['POST#'],
    tableIndexes: ['unsent'],
    sendsTo: jobs.postFollowUps,
    schedule: { rateMinutes: 5 },
  },
  cacheProbe: {
    entry: 'functions/workers/probe-cache.ts',
    description:
      'Every minute, from inside the VPC: PING the cache and record its status for GET /health',
    memoryMb: 128,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:PutItem'],
    // Its one item: HEALTH#cache, what GET /health reads.
    tableKeys: ['HEALTH#'],
    uses: ['cache'],
    // Its one cache call is the PING, which may wait for a connection.
    cache: { requestTimeoutMs: healthChecks.probeTimeoutMs.cache, maxAttempts: 1 },
    probes: { requestTimeoutMs: healthChecks.budgetMs, maxAttempts: 1 },
    schedule: { rateMinutes: 1, runAtStart: true },
  },
  ...workerSpecs,
  // The fan-out: one message per webhook delivery (a worker's spec cannot name queues).
  notificationsWorker: { ...workerSpecs.notificationsWorker, sendsTo: ['webhookDeliveries'] },
} satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionSpecs;
/** Every function, by name; typed as the general spec so optional fields read cleanly. */
export const functions: Readonly<Record<FunctionName, FunctionSpec>> = functionSpecs;
