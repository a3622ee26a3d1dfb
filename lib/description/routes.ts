/**
 * Every route of the API: method, path, the function behind it, its throttle, its contract
 * (body, query and path schemas by name, answers, problems: docs/openapi.json is generated
 * from it, and API Gateway validates requests with it), who may call it, and how often one
 * caller may (callerLimit, per signed-in user).
 */
import type { RouteSpec } from './types';

const location = (what: string) => ({ Location: `The new ${what}'s path` });

export const routes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/posts',
    function: 'createPost',
    summary: 'Create a post (its author is the caller)',
    body: 'NewPost',
    idempotencyKey: true,
    responses: {
      201: {
        schema: 'Post',
        description: 'Created, `processing` until its follow-up jobs are done',
        headers: {
          ...location('post'),
          'Idempotent-Replayed': '`true` when this is the first answer to the same key, replayed',
        },
      },
    },
    errors: [400, 403, 422, 503],
    auth: 'user',
    callerLimit: { requests: 30, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/posts',
    function: 'listPosts',
    summary: 'List posts, newest first, by one author or across all',
    query: 'ListPostsQuery',
    responses: { 200: { schema: 'PostPage', description: 'One page; `next_cursor` for the next' } },
    errors: [400],
  },
  {
    method: 'GET',
    path: '/posts/{id}',
    function: 'getPost',
    summary: 'Read a post with its media and share card',
    pathParameters: { id: 'Uuid' },
    responses: {
      200: {
        schema: 'PostDetails',
        description: 'The post',
        headers: { 'X-Cache': '`HIT`, `MISS` or `BYPASS`: where the answer came from' },
      },
    },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/posts/{id}/processing',
    function: 'getPostProcessing',
    auth: 'user',
    callerLimit: { requests: 120, windowSeconds: 60 },
    summary: "How a post's follow-up jobs and uploads went (its author only)",
    pathParameters: { id: 'Uuid' },
    responses: { 200: { schema: 'PostProcessing', description: 'Jobs, failure and uploads' } },
    errors: [400, 403, 404],
  },
  {
    method: 'DELETE',
    path: '/posts/{id}',
    function: 'deletePost',
    summary: 'Delete one of your posts',
    pathParameters: { id: 'Uuid' },
    responses: { 204: { schema: null, description: 'Deleted' } },
    errors: [400, 403, 404],
    auth: 'user',
    callerLimit: { requests: 30, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'POST',
    path: '/posts/{id}/media',
    function: 'requestMediaUpload',
    summary: 'Ask to upload an image to one of your posts (a presigned S3 POST)',
    pathParameters: { id: 'Uuid' },
    body: 'MediaUploadRequest',
    responses: {
      201: {
        schema: 'MediaUploadTicket',
        description: 'Upload to `upload.url` before `upload.expires_at`',
        headers: location("image's post"),
      },
    },
    errors: [400, 403, 404, 409],
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 50 },
  },
  {
    method: 'GET',
    path: '/external-data',
    function: 'externalData',
    summary: "The partner's data, behind a circuit breaker",
    responses: { 200: { schema: 'ExternalData', description: 'Live, cached or stale data' } },
    errors: [503],
  },
  // Public: the status only. The per-dependency report is for operators (auth.operatorGroup).
  {
    method: 'GET',
    path: '/health',
    function: 'health',
    summary: 'Whether the service is up',
    responses: {
      200: {
        schema: 'HealthSummary',
        description: '`healthy`, or `degraded` (only the cache fails)',
      },
      503: { schema: 'HealthSummary', description: '`unhealthy`: DynamoDB or a queue fails' },
    },
    errors: [],
  },
  {
    method: 'GET',
    path: '/health/details',
    function: 'health',
    summary: 'Every dependency with its latency (operators only)',
    responses: {
      200: { schema: 'HealthReport', description: '`healthy` or `degraded`' },
      503: { schema: 'HealthReport', description: '`unhealthy`' },
    },
    errors: [403],
    auth: 'user',
    callerLimit: { requests: 60, windowSeconds: 60 },
  },
  {
    method: 'POST',
    path: '/analyze',
    function: 'analyzeText',
    summary: 'Analyze a text, off the request path',
    body: 'AnalyzeRequest',
    responses: {
      202: {
        schema: 'QueuedJob',
        description: 'Queued; poll its Location',
        headers: location('job'),
      },
    },
    errors: [400, 503],
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    // CPU-heavy work behind it: tighter than the stage, but with room for several callers at
    // their own limit at once, so one caller's burst is refused by callerLimit, not by this.
    throttle: { rateLimit: 20, burstLimit: 50 },
  },
  // A job is its creator's: reading it needs their token.
  {
    method: 'GET',
    path: '/jobs/{id}',
    function: 'getJob',
    summary: 'One of your jobs and, once it succeeded, its result',
    pathParameters: { id: 'Uuid' },
    responses: { 200: { schema: 'Job', description: 'The job' } },
    errors: [400, 403, 404],
    auth: 'user',
    callerLimit: { requests: 150, windowSeconds: 60 },
  },
  {
    method: 'GET',
    path: '/stats',
    function: 'getStats',
    summary: 'Post counts by type, in total and for the last days',
    query: 'StatsQuery',
    responses: { 200: { schema: 'Stats', description: 'The counts' } },
    errors: [400],
  },
  {
    method: 'POST',
    path: '/webhooks',
    function: 'createWebhook',
    summary: 'Register a webhook for your new posts (its receiver must echo a challenge)',
    body: 'NewWebhook',
    responses: {
      201: {
        schema: 'RegisteredWebhook',
        description: 'Registered; the signing secret is shown this once',
        headers: location('webhook'),
      },
    },
    errors: [400, 403],
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    throttle: { rateLimit: 10, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/webhooks',
    function: 'listWebhooks',
    summary: 'Your webhooks, without their secrets',
    responses: { 200: { schema: 'WebhookList', description: 'Newest first' } },
    errors: [],
    // Private: a user sees only their own webhooks.
    auth: 'user',
    callerLimit: { requests: 120, windowSeconds: 60 },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    function: 'deleteWebhook',
    summary: 'Delete one of your webhooks',
    pathParameters: { id: 'Uuid' },
    responses: { 204: { schema: null, description: 'Deleted' } },
    errors: [400, 403, 404],
    auth: 'user',
    callerLimit: { requests: 30, windowSeconds: 60 },
    throttle: { rateLimit: 10, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/webhooks/{id}/deliveries',
    function: 'listWebhookDeliveries',
    // Private: the deliveries' URLs, statuses and errors are the owner's.
    auth: 'user',
    callerLimit: { requests: 120, windowSeconds: 60 },
    summary: "One of your webhooks' deliveries, newest first",
    pathParameters: { id: 'Uuid' },
    query: 'DeliveriesQuery',
    responses: {
      200: { schema: 'WebhookDeliveryPage', description: 'One page; `next_cursor` for the next' },
    },
    errors: [400, 403, 404],
  },
  {
    method: 'POST',
    path: '/webhooks/{id}/enable',
    function: 'enableWebhook',
    auth: 'user',
    summary: 'Enable a disabled webhook again, after a new ownership challenge',
    pathParameters: { id: 'Uuid' },
    responses: { 200: { schema: 'Webhook', description: 'The webhook, active again' } },
    errors: [400, 403, 404],
    // Each one calls the receiver (the challenge): as tight as registering.
    callerLimit: { requests: 20, windowSeconds: 60 },
    throttle: { rateLimit: 10, burstLimit: 40 },
  },
];

/**
 * The public reads: GET without sign-in. Limited per client address (`stage.waf`), as the
 * signed-in routes are per user (`callerLimit`).
 */
export const publicReads: readonly RouteSpec[] = routes.filter(
  (r) => r.method === 'GET' && !r.auth,
);

/** A function's description as deployed: its route first, when a route calls it. */
export function functionDescription(name: string, description: string): string {
  const route = routes.find((r) => r.function === name);
  return route ? `${route.method} ${route.path}: ${description}` : description;
}
