/**
 * One example of every shape, shown in docs/openapi.json. Each is checked against its own
 * schema (test/unit/openapi-document.test.ts), so an example cannot drift from the contract.
 */
import type { SchemaName } from '../description/contract';

const postId = '3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70';
const at = '2026-12-04T10:15:30.000Z';
const later = '2026-12-04T10:15:32.412Z';
const post = {
  id: postId,
  author_id: 'alice',
  content: 'Hello, serverless world',
  post_type: 'educational',
  tags: ['aws', 'lambda'],
  status: 'processing',
  created_at: at,
  updated_at: at,
  jobs: { analytics: 'pending', notifications: 'pending', image: 'pending' },
} as const;
/** What any reader sees of it (GET /posts/{id}, a list page): no follow-up progress. */
const publicPost = Object.fromEntries(Object.entries(post).filter(([name]) => name !== 'jobs'));
const counts = {
  posts: 3,
  by_type: { educational: 2, promotional: 0, personal: 1, news: 0, announcement: 0 },
};
const webhook = {
  id: '9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d',
  author_id: 'alice',
  url: 'https://hooks.example.com/posts',
  events: ['post.created'],
  created_at: at,
  state: 'active',
  consecutive_failures: 0,
  last_delivery_at: later,
};

export const examples: Record<SchemaName, unknown> = {
  NewPost: {
    content: 'Hello, serverless world',
    post_type: 'educational',
    tags: ['aws', 'lambda'],
  },
  MediaUploadRequest: { content_type: 'image/png', size: 48213 },
  AnalyzeRequest: { text: 'Serverless is simple. I love it! #aws #lambda' },
  NewWebhook: { url: 'https://hooks.example.com/posts', events: ['post.created'] },
  ListPostsQuery: { author_id: 'alice', limit: 10 },
  StatsQuery: { author_id: 'alice', days: 7 },
  DeliveriesQuery: { limit: 20 },
  Uuid: postId,
  Post: post,
  PostDetails: {
    ...publicPost,
    status: 'ready',
    updated_at: later,
    media: [],
    share_card: {
      url: `https://posts-media.s3.amazonaws.com/cards/${postId}.png?X-Amz-Signature=…`,
      width: 1200,
      height: 630,
      expires_at: '2026-12-04T11:15:32.000Z',
    },
  },
  PostProcessing: {
    post_id: postId,
    status: 'ready',
    jobs: { analytics: 'done', notifications: 'done', image: 'done' },
    share_card: 'drawn',
    uploads: [
      {
        id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
        state: 'rejected',
        content_type: 'image/png',
        size: 48213,
        created_at: at,
        updated_at: later,
        reason: 'The file is not a PNG image.',
      },
    ],
  },
  PostPage: { items: [publicPost], next_cursor: 'eyJwayI6IlBPU1QjM2YxYyJ9' },
  MediaUploadTicket: {
    id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
    post_id: postId,
    state: 'pending',
    content_type: 'image/png',
    size: 48213,
    created_at: at,
    upload: {
      method: 'POST',
      url: 'https://posts-media.s3.amazonaws.com/',
      fields: { key: `uploads/${postId}/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d`, Policy: '…' },
      expires_at: '2026-12-04T10:20:30.000Z',
    },
  },
  QueuedJob: { job_id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', status: 'queued' },
  Job: {
    job_id: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
    kind: 'textAnalysis',
    status: 'succeeded',
    created_at: at,
    started_at: at,
    finished_at: later,
    result: { words: 8, sentences: 2, sentiment: 'positive', hashtags: ['aws', 'lambda'] },
  },
  Stats: {
    author_id: 'alice',
    from: '2026-12-03',
    to: '2026-12-04',
    totals: counts,
    daily: [
      {
        date: '2026-12-03',
        ...counts,
        posts: 1,
        by_type: { ...counts.by_type, educational: 1, personal: 0 },
      },
      { date: '2026-12-04', ...counts, posts: 2, by_type: { ...counts.by_type, educational: 1 } },
    ],
  },
  Webhook: webhook,
  WebhookList: { items: [webhook] },
  WebhookDeliveryPage: {
    items: [
      {
        id: `notifications:${postId}/${webhook.id}`,
        webhook_id: webhook.id,
        event: 'post.created',
        post_id: postId,
        state: 'pending',
        attempts: 2,
        created_at: at,
        updated_at: later,
        last_status: 500,
        last_error: 'The receiver answered 500.',
        last_attempt_at: later,
        next_attempt_at: '2026-12-04T10:16:32.000Z',
      },
    ],
  },
  RegisteredWebhook: {
    ...webhook,
    secret: 'whsec_3q2+7w…',
    verified_at: at,
  },
  HealthSummary: { status: 'healthy' },
  HealthReport: {
    status: 'healthy',
    checks: {
      dynamodb: { status: 'ok', latency_ms: 4 },
      cache: { status: 'ok', latency_ms: 1 },
    },
  },
  ExternalData: {
    source: 'live',
    breaker: 'closed',
    fetched_at: at,
    age_seconds: 0,
    data: { rates: { EUR: 0.92 } },
  },
  Problem: {
    type: '/problems/validation',
    title: 'Invalid request',
    status: 400,
    detail: 'The post is not valid.',
    instance: '/posts',
    errors: [{ field: 'content', message: 'Too small: expected string to have >=1 characters' }],
  },
  GatewayProblem: {
    type: '/problems/throttled',
    title: 'Too Many Requests',
    status: 429,
    detail: 'Too Many Requests',
    requestId: 'c0ffee00-1234-4abc-9def-0123456789ab',
  },
};
