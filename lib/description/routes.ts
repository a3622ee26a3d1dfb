/**
 * Every route of the API: method, path, the function behind it, its throttle,
 * what API Gateway validates before invoking it, who may call it, and how
 * often one caller may (callerLimit, per signed-in user).
 */
import type { RouteSpec } from './types';

export const routes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/posts',
    function: 'createPost',
    jsonBody: true,
    auth: 'user',
    callerLimit: { requests: 30, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/posts',
    function: 'listPosts',
    queryParameters: { author_id: false, limit: false, cursor: false },
  },
  // Public: what a reader needs. How its jobs and uploads went is on /processing, for its author.
  { method: 'GET', path: '/posts/{id}', function: 'getPost' },
  {
    method: 'GET',
    path: '/posts/{id}/processing',
    function: 'getPostProcessing',
    auth: 'user',
    callerLimit: { requests: 120, windowSeconds: 60 },
  },
  {
    method: 'DELETE',
    path: '/posts/{id}',
    function: 'deletePost',
    auth: 'user',
    callerLimit: { requests: 30, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'POST',
    path: '/posts/{id}/media',
    function: 'requestMediaUpload',
    jsonBody: true,
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    throttle: { rateLimit: 20, burstLimit: 50 },
  },
  { method: 'GET', path: '/external-data', function: 'externalData' },
  // Public: the status only. The per-dependency report is for operators (auth.operatorGroup).
  { method: 'GET', path: '/health', function: 'health' },
  {
    method: 'GET',
    path: '/health/details',
    function: 'health',
    auth: 'user',
    callerLimit: { requests: 60, windowSeconds: 60 },
  },
  {
    method: 'POST',
    path: '/analyze',
    function: 'analyzeText',
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    jsonBody: true,
    // CPU-heavy work behind it: tighter than the stage, but with room for several callers at
    // their own limit at once, so one caller's burst is refused by callerLimit, not by this.
    throttle: { rateLimit: 20, burstLimit: 50 },
  },
  // A job is its creator's: reading it needs their token.
  {
    method: 'GET',
    path: '/jobs/{id}',
    function: 'getJob',
    auth: 'user',
    callerLimit: { requests: 150, windowSeconds: 60 },
  },
  {
    method: 'GET',
    path: '/stats',
    function: 'getStats',
    queryParameters: { author_id: false, days: false },
  },
  {
    method: 'POST',
    path: '/webhooks',
    function: 'createWebhook',
    auth: 'user',
    callerLimit: { requests: 20, windowSeconds: 60 },
    jsonBody: true,
    throttle: { rateLimit: 10, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/webhooks',
    function: 'listWebhooks',
    // Private: a user sees only their own webhooks.
    auth: 'user',
    callerLimit: { requests: 120, windowSeconds: 60 },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    function: 'deleteWebhook',
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
    queryParameters: { limit: false, cursor: false },
    callerLimit: { requests: 120, windowSeconds: 60 },
  },
  {
    method: 'POST',
    path: '/webhooks/{id}/enable',
    function: 'enableWebhook',
    auth: 'user',
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
