/**
 * The API's types, generated from docs/openapi.json by openapi-typescript (`npm run openapi`
 * writes this file; the drift test fails when it is stale). Do not edit: change the schemas.
 * The typed client (api-client.ts) is built on `paths`.
 */
export interface paths {
  '/posts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List posts, newest first, by one author or across all
     * @description Public.
     */
    get: operations['listPosts'];
    put?: never;
    /**
     * Create a post (its author is the caller)
     * @description Needs a signed-in user's ID token. Each caller may make 30 requests per 60 s.
     */
    post: operations['createPost'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/posts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Read a post with its media and share card
     * @description Public.
     */
    get: operations['getPost'];
    put?: never;
    post?: never;
    /**
     * Delete one of your posts
     * @description Needs a signed-in user's ID token. Each caller may make 30 requests per 60 s.
     */
    delete: operations['deletePost'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/posts/{id}/processing': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * How a post's follow-up jobs and uploads went (its author only)
     * @description Needs a signed-in user's ID token. Each caller may make 120 requests per 60 s.
     */
    get: operations['getPostProcessing'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/posts/{id}/media': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Ask to upload an image to one of your posts (a presigned S3 POST)
     * @description Needs a signed-in user's ID token. Each caller may make 20 requests per 60 s.
     */
    post: operations['requestMediaUpload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/external-data': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The partner's data, behind a circuit breaker
     * @description Public.
     */
    get: operations['externalData'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Whether the service is up
     * @description Public.
     */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/details': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Every dependency with its latency (operators only)
     * @description Needs a signed-in user's ID token. Each caller may make 60 requests per 60 s.
     */
    get: operations['healthDetails'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/analyze': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Analyze a text, off the request path
     * @description Needs a signed-in user's ID token. Each caller may make 20 requests per 60 s.
     */
    post: operations['analyzeText'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One of your jobs and, once it succeeded, its result
     * @description Needs a signed-in user's ID token. Each caller may make 150 requests per 60 s.
     */
    get: operations['getJob'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/stats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Post counts by type, in total and for the last days
     * @description Public.
     */
    get: operations['getStats'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Your webhooks, without their secrets
     * @description Needs a signed-in user's ID token. Each caller may make 120 requests per 60 s.
     */
    get: operations['listWebhooks'];
    put?: never;
    /**
     * Register a webhook for your new posts (its receiver must echo a challenge)
     * @description Needs a signed-in user's ID token. Each caller may make 20 requests per 60 s.
     */
    post: operations['createWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /**
     * Delete one of your webhooks
     * @description Needs a signed-in user's ID token. Each caller may make 30 requests per 60 s.
     */
    delete: operations['deleteWebhook'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One of your webhooks' deliveries, newest first
     * @description Needs a signed-in user's ID token. Each caller may make 120 requests per 60 s.
     */
    get: operations['listWebhookDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enable a disabled webhook again, after a new ownership challenge
     * @description Needs a signed-in user's ID token. Each caller may make 20 requests per 60 s.
     */
    post: operations['enableWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /**
     * @example {
     *       "text": "Serverless is simple. I love it! #aws #lambda"
     *     }
     */
    AnalyzeRequest: {
      text: string;
    };
    /**
     * @example {
     *       "source": "live",
     *       "breaker": "closed",
     *       "fetched_at": "2026-12-04T10:15:30.000Z",
     *       "age_seconds": 0,
     *       "data": {
     *         "rates": {
     *           "EUR": 0.92
     *         }
     *       }
     *     }
     */
    ExternalData: {
      /** @enum {string} */
      source: 'live' | 'cache' | 'stale';
      /** @enum {string} */
      breaker: 'closed' | 'open' | 'half_open';
      /** Format: date-time */
      fetched_at: string;
      age_seconds: number;
      data: unknown;
    };
    /**
     * @example {
     *       "type": "/problems/throttled",
     *       "title": "Too Many Requests",
     *       "status": 429,
     *       "detail": "Too Many Requests",
     *       "requestId": "c0ffee00-1234-4abc-9def-0123456789ab"
     *     }
     */
    GatewayProblem: {
      type: string;
      title: string;
      status?: number;
      detail: string;
      requestId: string;
    };
    /**
     * @example {
     *       "status": "healthy",
     *       "checks": {
     *         "dynamodb": {
     *           "status": "ok",
     *           "latency_ms": 4
     *         },
     *         "cache": {
     *           "status": "ok",
     *           "latency_ms": 1
     *         }
     *       }
     *     }
     */
    HealthReport: {
      /** @enum {string} */
      status: 'healthy' | 'degraded' | 'unhealthy';
      checks: {
        [key: string]: {
          /** @enum {string} */
          status: 'ok' | 'failed' | 'timeout' | 'disabled';
          latency_ms: number;
          detail?: string;
        };
      };
    };
    /**
     * @example {
     *       "status": "healthy"
     *     }
     */
    HealthSummary: {
      /** @enum {string} */
      status: 'healthy' | 'degraded' | 'unhealthy';
    };
    /**
     * @example {
     *       "job_id": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
     *       "kind": "textAnalysis",
     *       "status": "succeeded",
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "started_at": "2026-12-04T10:15:30.000Z",
     *       "finished_at": "2026-12-04T10:15:32.412Z",
     *       "result": {
     *         "words": 8,
     *         "sentences": 2,
     *         "sentiment": "positive",
     *         "hashtags": [
     *           "aws",
     *           "lambda"
     *         ]
     *       }
     *     }
     */
    Job: {
      /** Format: uuid */
      job_id: string;
      kind: string;
      /** @enum {string} */
      status: 'queued' | 'running' | 'succeeded' | 'failed';
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      started_at?: string;
      /** Format: date-time */
      finished_at?: string;
      result?: unknown;
      error?: string;
    };
    /**
     * @example {
     *       "content_type": "image/png",
     *       "size": 48213
     *     }
     */
    MediaUploadRequest: {
      /** @enum {string} */
      content_type: 'image/jpeg' | 'image/png' | 'image/webp';
      size: number;
    };
    /**
     * @example {
     *       "id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
     *       "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *       "state": "pending",
     *       "content_type": "image/png",
     *       "size": 48213,
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "upload": {
     *         "method": "POST",
     *         "url": "https://posts-media.s3.amazonaws.com/",
     *         "fields": {
     *           "key": "uploads/3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
     *           "Policy": "…"
     *         },
     *         "expires_at": "2026-12-04T10:20:30.000Z"
     *       }
     *     }
     */
    MediaUploadTicket: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      post_id: string;
      /** @constant */
      state: 'pending';
      /** @enum {string} */
      content_type: 'image/jpeg' | 'image/png' | 'image/webp';
      size: number;
      /** Format: date-time */
      created_at: string;
      upload: {
        /** @constant */
        method: 'POST';
        url: string;
        fields: {
          [key: string]: string;
        };
        /** Format: date-time */
        expires_at: string;
      };
    };
    /**
     * @example {
     *       "content": "Hello, serverless world",
     *       "post_type": "educational",
     *       "tags": [
     *         "aws",
     *         "lambda"
     *       ]
     *     }
     */
    NewPost: {
      content: string;
      /** @enum {string} */
      post_type: 'educational' | 'promotional' | 'personal' | 'news' | 'announcement';
      author_id?: string;
      tags?: string[];
    };
    /**
     * @example {
     *       "url": "https://hooks.example.com/posts",
     *       "events": [
     *         "post.created"
     *       ]
     *     }
     */
    NewWebhook: {
      author_id?: string;
      url: string;
      events: 'post.created'[];
    };
    /**
     * @example {
     *       "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *       "author_id": "alice",
     *       "content": "Hello, serverless world",
     *       "post_type": "educational",
     *       "tags": [
     *         "aws",
     *         "lambda"
     *       ],
     *       "status": "processing",
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "updated_at": "2026-12-04T10:15:30.000Z",
     *       "jobs": {
     *         "analytics": "pending",
     *         "notifications": "pending",
     *         "image": "pending"
     *       }
     *     }
     */
    Post: {
      /** Format: uuid */
      id: string;
      author_id: string;
      content: string;
      /** @enum {string} */
      post_type: 'educational' | 'promotional' | 'personal' | 'news' | 'announcement';
      tags: string[];
      /** @enum {string} */
      status: 'processing' | 'ready' | 'failed';
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      jobs?: {
        [key: string]: 'pending' | 'done' | 'failed';
      };
      failure?: {
        follow_up: string;
        reason: string;
        /** Format: date-time */
        at: string;
      };
    };
    /**
     * @example {
     *       "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *       "author_id": "alice",
     *       "content": "Hello, serverless world",
     *       "post_type": "educational",
     *       "tags": [
     *         "aws",
     *         "lambda"
     *       ],
     *       "status": "ready",
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "updated_at": "2026-12-04T10:15:32.412Z",
     *       "media": [],
     *       "share_card": {
     *         "url": "https://posts-media.s3.amazonaws.com/cards/3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70.png?X-Amz-Signature=…",
     *         "width": 1200,
     *         "height": 630,
     *         "expires_at": "2026-12-04T11:15:32.000Z"
     *       }
     *     }
     */
    PostDetails: {
      /** Format: uuid */
      id: string;
      author_id: string;
      content: string;
      /** @enum {string} */
      post_type: 'educational' | 'promotional' | 'personal' | 'news' | 'announcement';
      tags: string[];
      /** @enum {string} */
      status: 'processing' | 'ready' | 'failed';
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      media: {
        /** Format: uuid */
        id: string;
        content_type: string;
        /** Format: date-time */
        created_at: string;
        width: number;
        height: number;
        web: {
          url: string;
          width: number;
          height: number;
          /** Format: date-time */
          expires_at: string;
        };
        thumbnail: {
          url: string;
          width: number;
          height: number;
          /** Format: date-time */
          expires_at: string;
        };
      }[];
      share_card?: {
        url: string;
        width: number;
        height: number;
        /** Format: date-time */
        expires_at: string;
      };
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *           "author_id": "alice",
     *           "content": "Hello, serverless world",
     *           "post_type": "educational",
     *           "tags": [
     *             "aws",
     *             "lambda"
     *           ],
     *           "status": "processing",
     *           "created_at": "2026-12-04T10:15:30.000Z",
     *           "updated_at": "2026-12-04T10:15:30.000Z"
     *         }
     *       ],
     *       "next_cursor": "eyJwayI6IlBPU1QjM2YxYyJ9"
     *     }
     */
    PostPage: {
      items: {
        /** Format: uuid */
        id: string;
        author_id: string;
        content: string;
        /** @enum {string} */
        post_type: 'educational' | 'promotional' | 'personal' | 'news' | 'announcement';
        tags: string[];
        /** @enum {string} */
        status: 'processing' | 'ready' | 'failed';
        /** Format: date-time */
        created_at: string;
        /** Format: date-time */
        updated_at: string;
      }[];
      next_cursor?: string;
    };
    /**
     * @example {
     *       "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *       "status": "ready",
     *       "jobs": {
     *         "analytics": "done",
     *         "notifications": "done",
     *         "image": "done"
     *       },
     *       "share_card": "drawn",
     *       "uploads": [
     *         {
     *           "id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
     *           "state": "rejected",
     *           "content_type": "image/png",
     *           "size": 48213,
     *           "created_at": "2026-12-04T10:15:30.000Z",
     *           "updated_at": "2026-12-04T10:15:32.412Z",
     *           "reason": "The file is not a PNG image."
     *         }
     *       ]
     *     }
     */
    PostProcessing: {
      /** Format: uuid */
      post_id: string;
      /** @enum {string} */
      status: 'processing' | 'ready' | 'failed';
      jobs: {
        [key: string]: 'pending' | 'done' | 'failed';
      };
      failure?: {
        follow_up: string;
        reason: string;
        /** Format: date-time */
        at: string;
      };
      /** @enum {string} */
      share_card: 'drawn' | 'not_yet';
      uploads: {
        /** Format: uuid */
        id: string;
        /** @enum {string} */
        state: 'pending' | 'ready' | 'rejected';
        content_type: string;
        size: number;
        /** Format: date-time */
        created_at: string;
        /** Format: date-time */
        updated_at: string;
        reason?: string;
      }[];
    };
    /**
     * @example {
     *       "type": "/problems/validation",
     *       "title": "Invalid request",
     *       "status": 400,
     *       "detail": "The post is not valid.",
     *       "instance": "/posts",
     *       "errors": [
     *         {
     *           "field": "content",
     *           "message": "Too small: expected string to have >=1 characters"
     *         }
     *       ]
     *     }
     */
    Problem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      instance?: string;
      errors?: {
        field: string;
        message: string;
      }[];
    };
    /**
     * @example {
     *       "job_id": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
     *       "status": "queued"
     *     }
     */
    QueuedJob: {
      /** Format: uuid */
      job_id: string;
      /** @constant */
      status: 'queued';
    };
    /**
     * @example {
     *       "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
     *       "author_id": "alice",
     *       "url": "https://hooks.example.com/posts",
     *       "events": [
     *         "post.created"
     *       ],
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "state": "active",
     *       "consecutive_failures": 0,
     *       "last_delivery_at": "2026-12-04T10:15:32.412Z",
     *       "secret": "whsec_3q2+7w…",
     *       "verified_at": "2026-12-04T10:15:30.000Z"
     *     }
     */
    RegisteredWebhook: {
      /** Format: uuid */
      id: string;
      author_id: string;
      url: string;
      events: 'post.created'[];
      /** Format: date-time */
      created_at: string;
      /** @enum {string} */
      state: 'active' | 'failing' | 'disabled';
      consecutive_failures: number;
      /** Format: date-time */
      last_delivery_at?: string;
      disabled_reason?: string;
      secret: string;
      /** Format: date-time */
      verified_at?: string;
    };
    /**
     * @example {
     *       "author_id": "alice",
     *       "from": "2026-12-03",
     *       "to": "2026-12-04",
     *       "totals": {
     *         "posts": 3,
     *         "by_type": {
     *           "educational": 2,
     *           "promotional": 0,
     *           "personal": 1,
     *           "news": 0,
     *           "announcement": 0
     *         }
     *       },
     *       "daily": [
     *         {
     *           "date": "2026-12-03",
     *           "posts": 1,
     *           "by_type": {
     *             "educational": 1,
     *             "promotional": 0,
     *             "personal": 0,
     *             "news": 0,
     *             "announcement": 0
     *           }
     *         },
     *         {
     *           "date": "2026-12-04",
     *           "posts": 2,
     *           "by_type": {
     *             "educational": 1,
     *             "promotional": 0,
     *             "personal": 1,
     *             "news": 0,
     *             "announcement": 0
     *           }
     *         }
     *       ]
     *     }
     */
    Stats: {
      author_id: string | null;
      /** Format: date */
      from: string;
      /** Format: date */
      to: string;
      totals: {
        posts: number;
        by_type: {
          educational: number;
          promotional: number;
          personal: number;
          news: number;
          announcement: number;
        };
      };
      daily: {
        posts: number;
        by_type: {
          educational: number;
          promotional: number;
          personal: number;
          news: number;
          announcement: number;
        };
        /** Format: date */
        date: string;
      }[];
    };
    /**
     * @example {
     *       "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
     *       "author_id": "alice",
     *       "url": "https://hooks.example.com/posts",
     *       "events": [
     *         "post.created"
     *       ],
     *       "created_at": "2026-12-04T10:15:30.000Z",
     *       "state": "active",
     *       "consecutive_failures": 0,
     *       "last_delivery_at": "2026-12-04T10:15:32.412Z"
     *     }
     */
    Webhook: {
      /** Format: uuid */
      id: string;
      author_id: string;
      url: string;
      events: 'post.created'[];
      /** Format: date-time */
      created_at: string;
      /** @enum {string} */
      state: 'active' | 'failing' | 'disabled';
      consecutive_failures: number;
      /** Format: date-time */
      last_delivery_at?: string;
      disabled_reason?: string;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "notifications:3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70/9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
     *           "webhook_id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
     *           "event": "post.created",
     *           "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
     *           "state": "pending",
     *           "attempts": 2,
     *           "created_at": "2026-12-04T10:15:30.000Z",
     *           "updated_at": "2026-12-04T10:15:32.412Z",
     *           "last_status": 500,
     *           "last_error": "The receiver answered 500.",
     *           "last_attempt_at": "2026-12-04T10:15:32.412Z",
     *           "next_attempt_at": "2026-12-04T10:16:32.000Z"
     *         }
     *       ]
     *     }
     */
    WebhookDeliveryPage: {
      items: {
        id: string;
        /** Format: uuid */
        webhook_id: string;
        /** @enum {string} */
        event: 'post.created';
        /** Format: uuid */
        post_id: string;
        /** @enum {string} */
        state: 'pending' | 'succeeded' | 'failed';
        attempts: number;
        /** Format: date-time */
        created_at: string;
        /** Format: date-time */
        updated_at: string;
        last_status?: number;
        last_error?: string;
        /** Format: date-time */
        last_attempt_at?: string;
        /** Format: date-time */
        next_attempt_at?: string;
      }[];
      next_cursor?: string;
    };
    /**
     * @example {
     *       "items": [
     *         {
     *           "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
     *           "author_id": "alice",
     *           "url": "https://hooks.example.com/posts",
     *           "events": [
     *             "post.created"
     *           ],
     *           "created_at": "2026-12-04T10:15:30.000Z",
     *           "state": "active",
     *           "consecutive_failures": 0,
     *           "last_delivery_at": "2026-12-04T10:15:32.412Z"
     *         }
     *       ]
     *     }
     */
    WebhookList: {
      items: {
        /** Format: uuid */
        id: string;
        author_id: string;
        url: string;
        events: 'post.created'[];
        /** Format: date-time */
        created_at: string;
        /** @enum {string} */
        state: 'active' | 'failing' | 'disabled';
        consecutive_failures: number;
        /** Format: date-time */
        last_delivery_at?: string;
        disabled_reason?: string;
      }[];
    };
  };
  responses: {
    /** @description A field or parameter is not valid (`errors` names each), or the body is not JSON */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/validation",
         *       "title": "Invalid request",
         *       "status": 400,
         *       "detail": "The post is not valid.",
         *       "instance": "/posts",
         *       "errors": [
         *         {
         *           "field": "content",
         *           "message": "Too small: expected string to have >=1 characters"
         *         }
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body does not fit the route's model (API Gateway, before the function) or its schema (the function: `errors` names each field) */
    BadRequestBody: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/bad-request",
         *       "title": "Bad Request",
         *       "status": 400,
         *       "detail": "Invalid request body: [object has missing required properties ([\"content\"])]",
         *       "requestId": "c0ffee00-1234-4abc-9def-0123456789ab"
         *     }
         */
        'application/problem+json':
          components['schemas']['Problem'] | components['schemas']['GatewayProblem'];
      };
    };
    /** @description No token, or an expired or forged one (API Gateway's authorizer) */
    Unauthorized: {
      headers: {
        /** @description `Bearer` */
        'WWW-Authenticate'?: string;
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/unauthorized",
         *       "title": "Unauthorized",
         *       "status": 401,
         *       "detail": "Unauthorized",
         *       "requestId": "c0ffee00-1234-4abc-9def-0123456789ab"
         *     }
         */
        'application/problem+json': components['schemas']['GatewayProblem'];
      };
    };
    /** @description Not yours: another user's resource, or an `author_id` that is not the caller */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/forbidden",
         *       "title": "Forbidden",
         *       "status": 403,
         *       "detail": "Only the author of a post may delete it.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description No such resource */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/not-found",
         *       "title": "Not Found",
         *       "status": 404,
         *       "detail": "No post has the id 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The resource's state refuses it (a limit reached) */
    Conflict: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/conflict",
         *       "title": "Conflict",
         *       "status": 409,
         *       "detail": "A post takes at most 4 images; this one has had them all.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The body is over the route's limit (65536 bytes for most, by the function) or API Gateway's (10485760 bytes) */
    ContentTooLarge: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/too-large",
         *       "title": "Content Too Large",
         *       "status": 413,
         *       "detail": "The body is 70000 bytes; the limit is 65536.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json':
          components['schemas']['Problem'] | components['schemas']['GatewayProblem'];
      };
    };
    /** @description The body is not sent as `application/json` */
    UnsupportedMediaType: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/unsupported-media-type",
         *       "title": "Unsupported Media Type",
         *       "status": 415,
         *       "detail": "Send the body as application/json; this Content-Type is not accepted.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The `Idempotency-Key` was used before with a different request */
    KeyReused: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/idempotency-key-reused",
         *       "title": "Idempotency-Key reused",
         *       "status": 422,
         *       "detail": "This Idempotency-Key was used with a different request.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description Over a throttle: the stage's or the route's (API Gateway, THROTTLED) or the caller's own limit per route (the function) */
    TooManyRequests: {
      headers: {
        /** @description Seconds to wait before trying again */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/throttled",
         *       "title": "Too Many Requests",
         *       "status": 429,
         *       "detail": "Too Many Requests",
         *       "requestId": "c0ffee00-1234-4abc-9def-0123456789ab"
         *     }
         */
        'application/problem+json':
          components['schemas']['Problem'] | components['schemas']['GatewayProblem'];
      };
    };
    /** @description Something went wrong on our side (never a stack trace) */
    InternalError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/internal",
         *       "title": "Internal Server Error",
         *       "status": 500,
         *       "detail": "Something went wrong on our side.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json':
          components['schemas']['Problem'] | components['schemas']['GatewayProblem'];
      };
    };
    /** @description A backing service did not answer in time, or is down; retry after `Retry-After` */
    Unavailable: {
      headers: {
        /** @description Seconds to wait before trying again */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/unavailable",
         *       "title": "Service Unavailable",
         *       "status": 503,
         *       "detail": "A backing service did not answer in time; retry shortly.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
      };
    };
    /** @description The request ran out of time (the function's deadline, or API Gateway's integration timeout) */
    Timeout: {
      headers: {
        /** @description Seconds to wait before trying again */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "type": "/problems/deadline",
         *       "title": "Gateway Timeout",
         *       "status": 504,
         *       "detail": "The request ran out of time before it could finish.",
         *       "instance": "/posts"
         *     }
         */
        'application/problem+json':
          components['schemas']['Problem'] | components['schemas']['GatewayProblem'];
      };
    };
  };
  parameters: {
    /**
     * @description Retry safely: the same key and body replay the first answer (`Idempotent-Replayed: true`); the same key with another body is 422. Keys are per user.
     * @example 7c1e2f0a-first-post
     */
    IdempotencyKey: string;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listPosts: {
    parameters: {
      query?: {
        /** @example alice */
        author_id?: string;
        /** @example 10 */
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page; `next_cursor` for the next */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *           "author_id": "alice",
           *           "content": "Hello, serverless world",
           *           "post_type": "educational",
           *           "tags": [
           *             "aws",
           *             "lambda"
           *           ],
           *           "status": "processing",
           *           "created_at": "2026-12-04T10:15:30.000Z",
           *           "updated_at": "2026-12-04T10:15:30.000Z"
           *         }
           *       ],
           *       "next_cursor": "eyJwayI6IlBPU1QjM2YxYyJ9"
           *     }
           */
          'application/json': components['schemas']['PostPage'];
        };
      };
      400: components['responses']['BadRequest'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  createPost: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Retry safely: the same key and body replay the first answer (`Idempotent-Replayed: true`); the same key with another body is 422. Keys are per user.
         * @example 7c1e2f0a-first-post
         */
        'Idempotency-Key'?: components['parameters']['IdempotencyKey'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "content": "Hello, serverless world",
         *       "post_type": "educational",
         *       "tags": [
         *         "aws",
         *         "lambda"
         *       ]
         *     }
         */
        'application/json': components['schemas']['NewPost'];
      };
    };
    responses: {
      /** @description Created, `processing` until its follow-up jobs are done */
      201: {
        headers: {
          /** @description The new post's path */
          Location?: string;
          /** @description `true` when this is the first answer to the same key, replayed */
          'Idempotent-Replayed'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *       "author_id": "alice",
           *       "content": "Hello, serverless world",
           *       "post_type": "educational",
           *       "tags": [
           *         "aws",
           *         "lambda"
           *       ],
           *       "status": "processing",
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "updated_at": "2026-12-04T10:15:30.000Z",
           *       "jobs": {
           *         "analytics": "pending",
           *         "notifications": "pending",
           *         "image": "pending"
           *       }
           *     }
           */
          'application/json': components['schemas']['Post'];
        };
      };
      400: components['responses']['BadRequestBody'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      422: components['responses']['KeyReused'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  getPost: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The post */
      200: {
        headers: {
          /** @description `HIT`, `MISS` or `BYPASS`: where the answer came from */
          'X-Cache'?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *       "author_id": "alice",
           *       "content": "Hello, serverless world",
           *       "post_type": "educational",
           *       "tags": [
           *         "aws",
           *         "lambda"
           *       ],
           *       "status": "ready",
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "updated_at": "2026-12-04T10:15:32.412Z",
           *       "media": [],
           *       "share_card": {
           *         "url": "https://posts-media.s3.amazonaws.com/cards/3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70.png?X-Amz-Signature=…",
           *         "width": 1200,
           *         "height": 630,
           *         "expires_at": "2026-12-04T11:15:32.000Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['PostDetails'];
        };
      };
      400: components['responses']['BadRequest'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  deletePost: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  getPostProcessing: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Jobs, failure and uploads */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *       "status": "ready",
           *       "jobs": {
           *         "analytics": "done",
           *         "notifications": "done",
           *         "image": "done"
           *       },
           *       "share_card": "drawn",
           *       "uploads": [
           *         {
           *           "id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
           *           "state": "rejected",
           *           "content_type": "image/png",
           *           "size": 48213,
           *           "created_at": "2026-12-04T10:15:30.000Z",
           *           "updated_at": "2026-12-04T10:15:32.412Z",
           *           "reason": "The file is not a PNG image."
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['PostProcessing'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  requestMediaUpload: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "content_type": "image/png",
         *       "size": 48213
         *     }
         */
        'application/json': components['schemas']['MediaUploadRequest'];
      };
    };
    responses: {
      /** @description Upload to `upload.url` before `upload.expires_at` */
      201: {
        headers: {
          /** @description The new image's post's path */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
           *       "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *       "state": "pending",
           *       "content_type": "image/png",
           *       "size": 48213,
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "upload": {
           *         "method": "POST",
           *         "url": "https://posts-media.s3.amazonaws.com/",
           *         "fields": {
           *           "key": "uploads/3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
           *           "Policy": "…"
           *         },
           *         "expires_at": "2026-12-04T10:20:30.000Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['MediaUploadTicket'];
        };
      };
      400: components['responses']['BadRequestBody'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      409: components['responses']['Conflict'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  externalData: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Live, cached or stale data */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "source": "live",
           *       "breaker": "closed",
           *       "fetched_at": "2026-12-04T10:15:30.000Z",
           *       "age_seconds": 0,
           *       "data": {
           *         "rates": {
           *           "EUR": 0.92
           *         }
           *       }
           *     }
           */
          'application/json': components['schemas']['ExternalData'];
        };
      };
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `healthy`, or `degraded` (only the cache fails) */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "healthy"
           *     }
           */
          'application/json': components['schemas']['HealthSummary'];
        };
      };
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      /** @description `unhealthy`: DynamoDB or a queue fails */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "healthy"
           *     }
           */
          'application/json': components['schemas']['HealthSummary'];
        };
      };
      504: components['responses']['Timeout'];
    };
  };
  healthDetails: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `healthy` or `degraded` */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "healthy",
           *       "checks": {
           *         "dynamodb": {
           *           "status": "ok",
           *           "latency_ms": 4
           *         },
           *         "cache": {
           *           "status": "ok",
           *           "latency_ms": 1
           *         }
           *       }
           *     }
           */
          'application/json': components['schemas']['HealthReport'];
        };
      };
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      /** @description `unhealthy` */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "status": "healthy",
           *       "checks": {
           *         "dynamodb": {
           *           "status": "ok",
           *           "latency_ms": 4
           *         },
           *         "cache": {
           *           "status": "ok",
           *           "latency_ms": 1
           *         }
           *       }
           *     }
           */
          'application/json': components['schemas']['HealthReport'];
        };
      };
      504: components['responses']['Timeout'];
    };
  };
  analyzeText: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "text": "Serverless is simple. I love it! #aws #lambda"
         *     }
         */
        'application/json': components['schemas']['AnalyzeRequest'];
      };
    };
    responses: {
      /** @description Queued; poll its Location */
      202: {
        headers: {
          /** @description The new job's path */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "job_id": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
           *       "status": "queued"
           *     }
           */
          'application/json': components['schemas']['QueuedJob'];
        };
      };
      400: components['responses']['BadRequestBody'];
      401: components['responses']['Unauthorized'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  getJob: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The job */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "job_id": "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a",
           *       "kind": "textAnalysis",
           *       "status": "succeeded",
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "started_at": "2026-12-04T10:15:30.000Z",
           *       "finished_at": "2026-12-04T10:15:32.412Z",
           *       "result": {
           *         "words": 8,
           *         "sentences": 2,
           *         "sentiment": "positive",
           *         "hashtags": [
           *           "aws",
           *           "lambda"
           *         ]
           *       }
           *     }
           */
          'application/json': components['schemas']['Job'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  getStats: {
    parameters: {
      query?: {
        /** @example alice */
        author_id?: string;
        /** @example 7 */
        days?: number;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The counts */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "author_id": "alice",
           *       "from": "2026-12-03",
           *       "to": "2026-12-04",
           *       "totals": {
           *         "posts": 3,
           *         "by_type": {
           *           "educational": 2,
           *           "promotional": 0,
           *           "personal": 1,
           *           "news": 0,
           *           "announcement": 0
           *         }
           *       },
           *       "daily": [
           *         {
           *           "date": "2026-12-03",
           *           "posts": 1,
           *           "by_type": {
           *             "educational": 1,
           *             "promotional": 0,
           *             "personal": 0,
           *             "news": 0,
           *             "announcement": 0
           *           }
           *         },
           *         {
           *           "date": "2026-12-04",
           *           "posts": 2,
           *           "by_type": {
           *             "educational": 1,
           *             "promotional": 0,
           *             "personal": 1,
           *             "news": 0,
           *             "announcement": 0
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['Stats'];
        };
      };
      400: components['responses']['BadRequest'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  listWebhooks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Newest first */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
           *           "author_id": "alice",
           *           "url": "https://hooks.example.com/posts",
           *           "events": [
           *             "post.created"
           *           ],
           *           "created_at": "2026-12-04T10:15:30.000Z",
           *           "state": "active",
           *           "consecutive_failures": 0,
           *           "last_delivery_at": "2026-12-04T10:15:32.412Z"
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['WebhookList'];
        };
      };
      401: components['responses']['Unauthorized'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  createWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "url": "https://hooks.example.com/posts",
         *       "events": [
         *         "post.created"
         *       ]
         *     }
         */
        'application/json': components['schemas']['NewWebhook'];
      };
    };
    responses: {
      /** @description Registered; the signing secret is shown this once */
      201: {
        headers: {
          /** @description The new webhook's path */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
           *       "author_id": "alice",
           *       "url": "https://hooks.example.com/posts",
           *       "events": [
           *         "post.created"
           *       ],
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "state": "active",
           *       "consecutive_failures": 0,
           *       "last_delivery_at": "2026-12-04T10:15:32.412Z",
           *       "secret": "whsec_3q2+7w…",
           *       "verified_at": "2026-12-04T10:15:30.000Z"
           *     }
           */
          'application/json': components['schemas']['RegisteredWebhook'];
        };
      };
      400: components['responses']['BadRequestBody'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      413: components['responses']['ContentTooLarge'];
      415: components['responses']['UnsupportedMediaType'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  deleteWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  listWebhookDeliveries: {
    parameters: {
      query?: {
        /** @example 20 */
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page; `next_cursor` for the next */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "id": "notifications:3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70/9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
           *           "webhook_id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
           *           "event": "post.created",
           *           "post_id": "3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70",
           *           "state": "pending",
           *           "attempts": 2,
           *           "created_at": "2026-12-04T10:15:30.000Z",
           *           "updated_at": "2026-12-04T10:15:32.412Z",
           *           "last_status": 500,
           *           "last_error": "The receiver answered 500.",
           *           "last_attempt_at": "2026-12-04T10:15:32.412Z",
           *           "next_attempt_at": "2026-12-04T10:16:32.000Z"
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['WebhookDeliveryPage'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
  enableWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @example 3f1c2b7e-8a4d-4c5e-9f10-2b3c4d5e6f70 */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The webhook, active again */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "9b2d4f6a-1c3e-4a5b-8c7d-0e1f2a3b4c5d",
           *       "author_id": "alice",
           *       "url": "https://hooks.example.com/posts",
           *       "events": [
           *         "post.created"
           *       ],
           *       "created_at": "2026-12-04T10:15:30.000Z",
           *       "state": "active",
           *       "consecutive_failures": 0,
           *       "last_delivery_at": "2026-12-04T10:15:32.412Z"
           *     }
           */
          'application/json': components['schemas']['Webhook'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalError'];
      503: components['responses']['Unavailable'];
      504: components['responses']['Timeout'];
    };
  };
}
