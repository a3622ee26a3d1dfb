/**
 * Every Lambda function: its handler, size, timeouts, what it may touch and
 * what it reaches. An API function declares only what differs from
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
    description: 'POST /posts: validate, store a post once per Idempotency-Key',
    timeoutSeconds: 10,
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    sendsTo: jobs.postFollowUps,
  }),
  getPost: apiFunction({
    entry: 'functions/api/get-post.ts',
    description: 'GET /posts/{id}: one post, its media and share card with download URLs',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    uses: ['cache'],
    cache: cacheCalls,
    // Presigned GETs carry the signer's rights: only the renditions and cards, never uploads.
    bucketAccess: [
      { prefix: 'media/', actions: ['s3:GetObject'] },
      { prefix: 'cards/', actions: ['s3:GetObject'] },
    ],
  }),
  listPosts: apiFunction({
    entry: 'functions/api/list-posts.ts',
    description: 'GET /posts: newest first, by author or across all authors',
    tableActions: ['dynamodb:Query'],
  }),
  deletePost: apiFunction({
    entry: 'functions/api/delete-post.ts',
    description: 'DELETE /posts/{id}: only by its author',
    // GetItem tells "not yours" (403) from "not there" (404) after a refused delete;
    // Query and DeleteItem remove the post's media records.
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:Query'],
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
    description:
      'GET /external-data: the partner API behind a circuit breaker, or its last good answer',
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    uses: ['partner'],
    http: partnerCalls,
  }),
  health: apiFunction({
    entry: 'functions/api/health.ts',
    description:
      'GET /health: DynamoDB, the queues and the cache, each probed with its own timeout',
    memoryMb: 256,
    tableActions: ['dynamodb:GetItem'],
    uses: ['cache', 'queue-status'],
    // Its cache call is the probe's PING, which may wait for a connection.
    cache: { requestTimeoutMs: healthChecks.probeTimeoutMs.cache, maxAttempts: 1 },
    // Every probe at once, the whole answer bounded: a layer of the budget like any call.
    probes: { requestTimeoutMs: healthChecks.budgetMs, maxAttempts: 1 },
  }),
  requestMediaUpload: apiFunction({
    entry: 'functions/api/request-media-upload.ts',
    description:
      "POST /posts/{id}/media: a presigned S3 POST for one image of the caller's post; the bytes go to S3",
    // UpdateItem takes a slot on the post; GetItem tells "no post" from "not yours" and "no slot left".
    tableActions: ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:GetItem'],
    // The presigned POST can only write under uploads/.
    bucketAccess: [{ prefix: 'uploads/', actions: ['s3:PutObject'] }],
  }),
  analyzeText: apiFunction({
    entry: 'functions/api/analyze-text.ts',
    description: 'POST /analyze: queue a text analysis job, answer 202 at once',
    tableActions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
    sendsTo: ['textAnalysis'],
  }),
  getJob: apiFunction({
    entry: 'functions/api/get-job.ts',
    description: 'GET /jobs/{id}: a text analysis job, its result or its error',
    tableActions: ['dynamodb:GetItem'],
  }),
  getStats: apiFunction({
    entry: 'functions/api/get-stats.ts',
    description: 'GET /stats: post counters by type and by day, for an author or everyone',
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  }),
  createWebhook: apiFunction({
    entry: 'functions/api/create-webhook.ts',
    description: 'POST /webhooks: register a callback URL; its signing secret is shown once',
    // UpdateItem: the author's webhook count, taken before the webhook is put.
    tableActions: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
  }),
  listWebhooks: apiFunction({
    entry: 'functions/api/list-webhooks.ts',
    description: "GET /webhooks: an author's webhooks, without their secrets",
    tableActions: ['dynamodb:Query'],
  }),
  deleteWebhook: apiFunction({
    entry: 'functions/api/delete-webhook.ts',
    description: 'DELETE /webhooks/{id}',
    // UpdateItem: the author's webhook count, given back.
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  }),
  sweepFollowUps: {
    entry: 'functions/workers/sweep-follow-ups.ts',
    description: 'Every few minutes: queue the follow-up jobs of posts whose enqueue failed',
    memoryMb: 256,
    timeoutSeconds: 60,
    deadlineMarginMs: 5_000,
    sdk: workerSdk,
    tableActions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    sendsTo: jobs.postFollowUps,
    schedule: { rateMinutes: 5 },
  },
  ...workerSpecs,
} satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionSpecs;
/** Every function, by name; typed as the general spec so optional fields read cleanly. */
export const functions: Readonly<Record<FunctionName, FunctionSpec>> = functionSpecs;
