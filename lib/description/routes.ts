/**
 * Every route of the API: method, path, the function behind it, its throttle,
 * what API Gateway validates before invoking it, and who may call it.
 */
import type { RouteSpec } from './types';

export const routes: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/posts',
    function: 'createPost',
    jsonBody: true,
    auth: 'user',
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'GET',
    path: '/posts',
    function: 'listPosts',
    queryParameters: { author_id: false, limit: false, cursor: false },
  },
  { method: 'GET', path: '/posts/{id}', function: 'getPost' },
  {
    method: 'DELETE',
    path: '/posts/{id}',
    function: 'deletePost',
    auth: 'user',
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'POST',
    path: '/posts/{id}/media',
    function: 'requestMediaUpload',
    jsonBody: true,
    auth: 'user',
    throttle: { rateLimit: 10, burstLimit: 20 },
  },
  { method: 'GET', path: '/external-data', function: 'externalData' },
  { method: 'GET', path: '/health', function: 'health' },
  {
    method: 'POST',
    path: '/analyze',
    function: 'analyzeText',
    auth: 'user',
    jsonBody: true,
    // CPU-heavy work behind it: tighter than the stage.
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  // A job is its creator's: reading it needs their token.
  { method: 'GET', path: '/jobs/{id}', function: 'getJob', auth: 'user' },
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
    jsonBody: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    method: 'GET',
    path: '/webhooks',
    function: 'listWebhooks',
    // Private: a user sees only their own webhooks.
    auth: 'user',
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    function: 'deleteWebhook',
    auth: 'user',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
];

/** A function's description as deployed: its route first, when a route calls it. */
export function functionDescription(name: string, description: string): string {
  const route = routes.find((r) => r.function === name);
  return route ? `${route.method} ${route.path}: ${description}` : description;
}
