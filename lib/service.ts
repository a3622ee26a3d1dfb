/**
 * The one description of the service: routes, functions, the table and every
 * limit, as plain data. The CDK stack builds the cloud from it and the local
 * runtime emulates the same thing from it, so the two cannot drift.
 *
 * Nothing here imports CDK or the AWS SDK: handlers read their limits from
 * this module too, and it must stay cheap to load at cold start.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** DynamoDB actions a function may be granted on the table (and its indexes). */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem'
  | 'dynamodb:Query'
  | 'dynamodb:DescribeTable';

/** S3 actions a function may be granted, each on one prefix of the media bucket. */
export type BucketAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

/** The media bucket's key prefixes: browser uploads, checked renditions, share cards. */
export type MediaPrefix = 'uploads/' | 'media/' | 'cards/';

export interface BucketGrant {
  readonly prefix: MediaPrefix;
  readonly actions: readonly BucketAction[];
}
/**
 * What a function reaches besides the table; it decides where the function runs.
 * `cache`: the Valkey cache, so the function runs in the VPC (when the cache is deployed).
 * `partner`: the partner API on the internet, so the function stays outside the VPC, which
 * has no NAT. `queue-status`: reads the attributes of every described queue (the health probe).
 */
export type Dependency = 'cache' | 'partner' | 'queue-status';

/** Dependencies on the public internet: a function with one can never be in the VPC. */
export const internetDependencies: readonly Dependency[] = ['partner'];

export interface Throttle {
  /** Steady-state requests per second (token refill rate). */
  readonly rateLimit: number;
  /** Bucket size: how many requests may arrive at once. */
  readonly burstLimit: number;
}

/**
 * The timeouts of one kind of downstream call. Any property of a function
 * spec shaped like this (`sdk`, `http`, `cache`, ...) is a layer of the
 * function's timeout budget (lib/timeout-budget.ts): all its attempts must
 * end before the handler's own deadline.
 */
export interface CallTimeouts {
  readonly connectTimeoutMs?: number;
  /** The whole of one attempt, connect included; it really aborts. */
  readonly requestTimeoutMs: number;
  readonly maxAttempts: number;
}

/** Per-client limits for callers holding an API key (`-c apiKeys=on`). */
export interface UsagePlanSpec {
  readonly description: string;
  /** Per key; may only tighten the stage throttle. */
  readonly throttle: Throttle;
  readonly quota: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH' };
}

export interface FunctionSpec {
  /** Handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Lambda reserved concurrency; absent means the account's unreserved pool. */
  readonly reservedConcurrency?: number;
  /**
   * The handler's own deadline: it stops work this long before Lambda's
   * timeout, so it can still answer, log and flush metrics.
   */
  readonly deadlineMarginMs: number;
  /** Every AWS SDK call: connect and whole-request timeouts (they really abort). */
  readonly sdk: {
    readonly connectTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly maxAttempts: number;
  };
  readonly tableActions: readonly TableAction[];
  /** What it may do in the media bucket, prefix by prefix (absent: nothing). */
  readonly bucketAccess?: readonly BucketGrant[];
  /** Native packages kept out of the bundle and installed for linux-arm64 beside it (their docs' advice). */
  readonly nativeModules?: readonly string[];
  /** Repository folders copied into the bundle under their own name (e.g. the card's fonts). */
  readonly assetDirs?: readonly string[];
  /** Outbound HTTP (e.g. a partner API): a layer of the timeout budget when present. */
  readonly http?: CallTimeouts;
  /** Cache commands: a layer of the timeout budget when present. */
  readonly cache?: CallTimeouts;
  /** Dependency probes run together (the health check): a layer of the timeout budget. */
  readonly probes?: CallTimeouts;
  /**
   * A single event-loop stall longer than this logs a warning naming the handler;
   * absent means `service.observability.blockingBudgetMs`.
   */
  readonly blockingBudgetMs?: number;
  /** What else it reaches (see `Dependency`); absent means the table only. */
  readonly uses?: readonly Dependency[];
  /** Queues this function puts jobs on: it gets their URLs and send rights, nothing more. */
  readonly sendsTo?: readonly QueueName[];
  /** Run on a timer (an EventBridge rule in the cloud, an interval locally). */
  readonly schedule?: { readonly rateMinutes: number };
}

/** The function a queue triggers: a function that sends nowhere, consuming its own queue. */
export type WorkerSpec = Omit<FunctionSpec, 'sendsTo' | 'schedule'>;

/**
 * One job kind: its queue, its dead-letter queue and the worker it triggers.
 * Adding a job kind is one entry in `queueSpecs` (and the worker's handler file).
 */
export interface QueueSpec {
  readonly description: string;
  readonly worker: WorkerSpec;
  /** Records per invocation (the event source's BatchSize). */
  readonly batchSize: number;
  /** How long the event source may gather records before invoking (0..300 s). */
  readonly maxBatchingWindowSeconds: number;
  /** Batches in flight at once (the event source's MaximumConcurrency, 2..1000). */
  readonly maxConcurrency: number;
  /** At least 6 x the worker's timeout, as AWS advises for a Lambda event source. */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /**
   * Redelivery delay after a failure worth retrying later (a webhook endpoint down):
   * min(base x 2^(receives - 1), max), set with ChangeMessageVisibility.
   */
  readonly retryBackoff: { readonly baseSeconds: number; readonly maxSeconds: number };
}

export interface RouteSpec<F extends string = FunctionName> {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  readonly function: F;
  /** Per-route override of the stage throttle. */
  readonly throttle?: Throttle;
  /** Query string parameters API Gateway validates for presence (true = required). */
  readonly queryParameters?: Readonly<Record<string, boolean>>;
  /** The route takes a JSON body (API Gateway's validator checks it is there). */
  readonly jsonBody?: boolean;
  /**
   * `'user'`: only a signed-in user may call it (the Cognito user-pool authorizer, or the
   * local issuer's token); the handler takes the caller from the token's claims.
   * Absent: public. Every route that is not a GET must say `'user'`.
   */
  readonly auth?: 'user';
  /** API Gateway's integration timeout for this route; absent means `service.api.integrationTimeoutMs`. */
  readonly integrationTimeoutMs?: number;
}

export interface IndexSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
}

const apiSdk = { connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 } as const;
/** Workers move whole images: a longer request budget; all attempts still end inside the deadline. */
const imageSdk = { connectTimeoutMs: 1_000, requestTimeoutMs: 8_000, maxAttempts: 3 } as const;
/**
 * One cache command, waiting for a connection included; a connection attempt itself runs on
 * in the background (service.cache.connectTimeoutMs) and never holds a request longer.
 */
const cacheCalls = { requestTimeoutMs: 50, maxAttempts: 1 } as const satisfies CallTimeouts;
/** `GET /health`: each probe's own timeout, and the whole answer's. */
const healthChecks = {
  budgetMs: 1_500,
  probeTimeoutMs: { dynamodb: 1_000, queue: 1_000, cache: 250 },
} as const;
/** One attempt at the partner API; retries stay inside service.partner.budgetMs. */
const partnerCalls = {
  connectTimeoutMs: 300,
  requestTimeoutMs: 1_000,
  maxAttempts: 3,
} as const satisfies CallTimeouts;
/** Workers are not on a request path: a little more patience per call, still bounded. */
const workerSdk = { connectTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 3 } as const;

const queueSpecs = {
  analytics: {
    description: 'Per-author and per-type counters and daily aggregates of each new post',
    worker: {
      entry: 'functions/workers/analytics-worker.ts',
      description: 'Counts each new post once: totals and daily aggregates, then marks it done',
      memoryMb: 256,
      // Above workerSdk's whole retry budget (3 attempts x 3 s) plus the deadline margin.
      timeoutSeconds: 15,
      reservedConcurrency: 2,
      deadlineMarginMs: 1_000,
      sdk: workerSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 90,
    maxReceiveCount: 5,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 5, maxSeconds: 60 },
  },
  notifications: {
    description: "Signed webhook callbacks for each new post, to the author's subscribers",
    worker: {
      entry: 'functions/workers/notifications-worker.ts',
      description: 'Delivers each new post once to every subscribed webhook, HMAC-signed',
      memoryMb: 256,
      timeoutSeconds: 20,
      reservedConcurrency: 4,
      deadlineMarginMs: 1_000,
      sdk: workerSdk,
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ],
    },
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 4,
    visibilityTimeoutSeconds: 120,
    maxReceiveCount: 6,
    retentionDays: 4,
    // 10, 20, 40, 80, 160 s: an endpoint gets about five minutes to come back.
    retryBackoff: { baseSeconds: 10, maxSeconds: 300 },
  },
  textAnalysis: {
    description: 'CPU-bound text statistics, readability, sentiment, keywords and hashtags',
    worker: {
      entry: 'functions/workers/text-analysis-worker.ts',
      description: 'Analyses one text per invocation (wink-nlp) and stores the result',
      // CPU follows memory: 1,769 MB is one full vCPU.
      memoryMb: 1769,
      timeoutSeconds: 30,
      reservedConcurrency: 2,
      deadlineMarginMs: 2_000,
      sdk: workerSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    },
    // One text per invocation: a batch would only stack CPU work behind one timeout.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
  image: {
    description: 'Images made for each new post: its share card',
    worker: {
      entry: 'functions/workers/image-worker.ts',
      description: "Renders a post's PNG share card with the bundled font, stores and links it",
      memoryMb: 1024,
      timeoutSeconds: 30,
      reservedConcurrency: 2,
      deadlineMarginMs: 3_000,
      sdk: imageSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      bucketAccess: [{ prefix: 'cards/', actions: ['s3:PutObject'] }],
      nativeModules: ['@resvg/resvg-js'],
      assetDirs: ['assets/fonts'],
    },
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 3,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
  media: {
    description: "The media bucket's ObjectCreated events under uploads/ (S3 sends them)",
    worker: {
      entry: 'functions/workers/media-worker.ts',
      description:
        'S3 upload events: check the real file (magic bytes, size, dimensions), write web and thumbnail renditions or reject',
      // sharp is CPU-bound and Lambda's CPU follows memory (1536 MB is about one vCPU).
      memoryMb: 1536,
      timeoutSeconds: 60,
      reservedConcurrency: 2,
      deadlineMarginMs: 5_000,
      sdk: imageSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      bucketAccess: [
        { prefix: 'uploads/', actions: ['s3:GetObject', 's3:DeleteObject'] },
        { prefix: 'media/', actions: ['s3:PutObject'] },
      ],
      nativeModules: ['sharp'],
    },
    // One image per invocation: each is seconds of CPU under one timeout.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 3,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof queueSpecs;
/** Every job queue, by name (the job kind). */
export const queues: Readonly<Record<QueueName, QueueSpec>> = queueSpecs;
export const queueNames = Object.keys(queueSpecs) as QueueName[];

/** The worker function of a queue is named after it. */
export type WorkerName = `${QueueName}Worker`;
export function workerOf(queue: QueueName): WorkerName {
  return `${queue}Worker`;
}
const workerSpecs = Object.fromEntries(
  queueNames.map((queue) => [workerOf(queue), queues[queue].worker]),
) as Record<WorkerName, WorkerSpec>;

const functionSpecs = {
  createPost: {
    entry: 'functions/api/create-post.ts',
    description: 'POST /posts: validate, store a post once per Idempotency-Key',
    memoryMb: 512,
    timeoutSeconds: 10,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    sendsTo: ['analytics', 'notifications', 'image'],
  },
  getPost: {
    entry: 'functions/api/get-post.ts',
    description: 'GET /posts/{id}: one post, its media and share card with download URLs',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
    uses: ['cache'],
    cache: cacheCalls,
    // Presigned GETs carry the signer's rights: only the renditions and cards, never uploads.
    bucketAccess: [
      { prefix: 'media/', actions: ['s3:GetObject'] },
      { prefix: 'cards/', actions: ['s3:GetObject'] },
    ],
  },
  listPosts: {
    entry: 'functions/api/list-posts.ts',
    description: 'GET /posts: newest first, by author or across all authors',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:Query'],
  },
  deletePost: {
    entry: 'functions/api/delete-post.ts',
    description: 'DELETE /posts/{id}: only by its author',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    // GetItem tells "not yours" (403) from "not there" (404) after a refused delete.
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
    uses: ['cache'],
    cache: cacheCalls,
  },
  externalData: {
    entry: 'functions/api/external-data.ts',
    description:
      'GET /external-data: the partner API behind a circuit breaker, or its last good answer',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    uses: ['partner'],
    http: partnerCalls,
  },
  health: {
    entry: 'functions/api/health.ts',
    description:
      'GET /health: DynamoDB, the queues and the cache, each probed with its own timeout',
    memoryMb: 256,
    // Like every API function: its SDK layer (2 x 2 s) must fit inside the deadline.
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem'],
    uses: ['cache', 'queue-status'],
    // Its cache call is the probe's PING, which may wait for a connection.
    cache: { requestTimeoutMs: healthChecks.probeTimeoutMs.cache, maxAttempts: 1 },
    // Every probe at once, the whole answer bounded: a layer of the budget like any call.
    probes: { requestTimeoutMs: healthChecks.budgetMs, maxAttempts: 1 },
  },
  requestMediaUpload: {
    entry: 'functions/api/request-media-upload.ts',
    description:
      "POST /posts/{id}/media: a presigned S3 POST for one image of the caller's post; the bytes go to S3",
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    // UpdateItem takes a slot on the post; GetItem tells "no post" from "not yours" and "no slot left".
    tableActions: ['dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:GetItem'],
    // The presigned POST can only write under uploads/.
    bucketAccess: [{ prefix: 'uploads/', actions: ['s3:PutObject'] }],
  },
  analyzeText: {
    entry: 'functions/api/analyze-text.ts',
    description: 'POST /analyze: queue a text analysis job, answer 202 at once',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
    sendsTo: ['textAnalysis'],
  },
  getJob: {
    entry: 'functions/api/get-job.ts',
    description: 'GET /jobs/{id}: a text analysis job, its result or its error',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem'],
  },
  getStats: {
    entry: 'functions/api/get-stats.ts',
    description: 'GET /stats: post counters by type and by day, for an author or everyone',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem', 'dynamodb:Query'],
  },
  createWebhook: {
    entry: 'functions/api/create-webhook.ts',
    description: 'POST /webhooks: register a callback URL; its signing secret is shown once',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:PutItem', 'dynamodb:Query'],
  },
  listWebhooks: {
    entry: 'functions/api/list-webhooks.ts',
    description: "GET /webhooks: an author's webhooks, without their secrets",
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:Query'],
  },
  deleteWebhook: {
    entry: 'functions/api/delete-webhook.ts',
    description: 'DELETE /webhooks/{id}',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:DeleteItem', 'dynamodb:GetItem'],
  },
  sweepFollowUps: {
    entry: 'functions/workers/sweep-follow-ups.ts',
    description: 'Every few minutes: queue the follow-up jobs of posts whose enqueue failed',
    memoryMb: 256,
    timeoutSeconds: 60,
    deadlineMarginMs: 5_000,
    sdk: workerSdk,
    tableActions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    sendsTo: ['analytics', 'notifications', 'image'],
    schedule: { rateMinutes: 5 },
  },
  ...workerSpecs,
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functionSpecs;
/** Every function, by name; typed as the general spec so optional fields read cleanly. */
export const functions: Readonly<Record<FunctionName, FunctionSpec>> = functionSpecs;

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

/** API Gateway's response types (REST API), for the answers it gives itself. */
export type GatewayResponseType =
  | 'ACCESS_DENIED'
  | 'API_CONFIGURATION_ERROR'
  | 'AUTHORIZER_CONFIGURATION_ERROR'
  | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX'
  | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'INVALID_API_KEY'
  | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'WAF_FILTERED';

/**
 * One of API Gateway's own answers, customized as problem+json. The stack
 * deploys it as a gateway response and the local gateway answers with it, so
 * a client sees the same body, status and headers from both.
 */
export interface GatewayResponseSpec {
  readonly type: GatewayResponseType;
  /** The problem's `type` is `/problems/<slug>`. */
  readonly slug: string;
  readonly title: string;
  /** Fixed status; absent keeps API Gateway's (the DEFAULT_* catch-alls vary). */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export const gatewayResponses: readonly GatewayResponseSpec[] = [
  { type: 'BAD_REQUEST_BODY', slug: 'bad-request', title: 'Bad Request', status: 400 },
  { type: 'BAD_REQUEST_PARAMETERS', slug: 'bad-request', title: 'Bad Request', status: 400 },
  {
    type: 'THROTTLED',
    slug: 'throttled',
    title: 'Too Many Requests',
    status: 429,
    headers: { 'Retry-After': '1' },
  },
  {
    // With no IAM auth, this is what a REST API answers for a route it does not have:
    // a 403 "Missing Authentication Token" that misleads every client. It is a 404.
    type: 'MISSING_AUTHENTICATION_TOKEN',
    slug: 'not-found',
    title: 'Not Found',
    status: 404,
  },
  {
    // A missing, expired or forged token; RFC 9110 asks a 401 to name its scheme.
    type: 'UNAUTHORIZED',
    slug: 'unauthorized',
    title: 'Unauthorized',
    status: 401,
    headers: { 'WWW-Authenticate': 'Bearer' },
  },
  { type: 'DEFAULT_4XX', slug: 'http', title: 'Client Error' },
  { type: 'DEFAULT_5XX', slug: 'internal', title: 'Server Error' },
];

export const service = {
  name: 'posts-api',
  /** CloudWatch namespace of every custom metric (Powertools Metrics). */
  metricsNamespace: 'PostsApi',
  api: {
    stageName: 'v1',
    /** Stage-wide default throttle; routes may only tighten it. */
    throttle: { rateLimit: 100, burstLimit: 200 } satisfies Throttle,
    /** API Gateway's own hard limits (REST API). */
    integrationTimeoutMs: 29_000,
    maxPayloadBytes: 10 * 1024 * 1024,
    /** p99 latency the API is held to: over it for a while, an alarm. */
    latencyP99TargetMs: 1_000,
    /**
     * Per-client quotas, deployed with `-c apiKeys=on`: then every method needs
     * an `x-api-key` belonging to one of these plans.
     */
    usagePlans: {
      standard: {
        description: 'Default plan for a client application',
        throttle: { rateLimit: 10, burstLimit: 20 },
        quota: { limit: 10_000, period: 'DAY' },
      },
      partner: {
        description: 'Integrations agreed with a partner',
        throttle: { rateLimit: 50, burstLimit: 100 },
        quota: { limit: 1_000_000, period: 'MONTH' },
      },
    } satisfies Record<string, UsagePlanSpec>,
    /** AWS WAF rate-based rule per client IP, deployed with `-c waf=on`. */
    waf: {
      /** Requests one IP may make per window before WAF answers 429 (AWS minimum: 10). */
      requestsPerIp: 3_000,
      /** WAF evaluates the rate over one of 60, 120, 300 or 600 seconds. */
      windowSeconds: 300,
    },
    /**
     * Content types API Gateway treats as binary (none yet): a request body of
     * such a type reaches the function base64-encoded, and an `isBase64Encoded`
     * answer is decoded only when the client's Accept matches one of them.
     */
    binaryMediaTypes: [] as readonly string[],
  },
  table: {
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
  },
  limits: {
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
  },
  /** Images: uploads straight to S3 with presigned POSTs, checked and resized by the media worker. */
  media: {
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
    },
  },
  /** Cache-aside for `GET /posts/{id}` (ElastiCache Serverless for Valkey in the cloud). */
  cache: {
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
  },
  /** The partner HTTP API behind `GET /external-data`. */
  partner: {
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
  },
  health: healthChecks,
  logRetentionDays: 30,
  /** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */
  auth: {
    /** Lifetime of the ID token the API accepts (Cognito allows 5 minutes to 1 day). */
    idTokenValidityMinutes: 60,
    refreshTokenValidityDays: 30,
  },
  observability: {
    /** A single event-loop stall longer than this logs a warning (functions may override). */
    blockingBudgetMs: 50,
    /** Alarm thresholds; each alarm is explained in docs/operations.md. */
    alarms: {
      /** 5xx answers as a share of all requests, over 5 minutes. */
      serverErrorRatePercent: 1,
      /** The oldest message of any job queue waiting longer than this. */
      oldestMessageAgeSeconds: 300,
    },
  },
  /** Background jobs (queues in `queues` above). */
  jobs: {
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
    },
  },
  /** How the local runtime stands in for what AWS does not let us describe. */
  local: {
    /** Containers a function without reserved concurrency may run at once (the account's unreserved pool, scaled to a laptop). */
    unreservedConcurrency: 10,
    /** An idle container is reclaimed after this long, as Lambda freezes and recycles them. */
    idleReclaimMs: 5 * 60 * 1000,
  },
} as const;

/**
 * The environment a function sees; both the stack and the local runtime set
 * exactly this (plus, locally, the emulated endpoints). Names and limits the
 * handler needs come from this module itself, not from variables.
 */
export function functionEnvironment(
  resources: FunctionResources,
  spec?: Pick<FunctionSpec, 'uses' | 'bucketAccess'>,
): Record<string, string> {
  const uses = spec?.uses ?? [];
  const { cache, partnerApiUrl, queueUrls, mediaBucket } = resources;
  return {
    TABLE_NAME: resources.tableName,
    // Stack traces that point at the TypeScript source.
    NODE_OPTIONS: '--enable-source-maps',
    // Only a function granted something in the media bucket is told its name.
    ...(spec?.bucketAccess?.length && mediaBucket ? { MEDIA_BUCKET: mediaBucket } : {}),
    ...(uses.includes('cache') && cache
      ? {
          CACHE_URL: cache.url,
          ...(cache.iamUser ? { CACHE_USER: cache.iamUser } : {}),
          ...(cache.name ? { CACHE_NAME: cache.name } : {}),
        }
      : {}),
    ...(uses.includes('partner') && partnerApiUrl ? { PARTNER_API_URL: partnerApiUrl } : {}),
    ...(uses.includes('queue-status') ? { QUEUE_URLS: JSON.stringify(queueUrls ?? {}) } : {}),
  };
}

/** Where a function's dependencies are, as the stack or the local runtime knows them. */
export interface FunctionResources {
  readonly tableName: string;
  /** Absent when there is no cache (`-c cache=off`). */
  readonly cache?: CacheConnection;
  readonly partnerApiUrl?: string;
  /** Every described queue, by name: what the health check probes. */
  readonly queueUrls?: Readonly<Record<string, string>>;
  /** The media bucket, for the functions with `bucketAccess`. */
  readonly mediaBucket?: string;
}

export interface CacheConnection {
  /** `rediss://host:port` (TLS) in the cloud; `redis://…` or `memory:` locally. */
  readonly url: string;
  /** IAM authentication: the ElastiCache user id and the serverless cache's name. */
  readonly iamUser?: string;
  readonly name?: string;
}

/** The variable holding a queue's URL, e.g. `TEXT_ANALYSIS_QUEUE_URL`. */
export function queueUrlVariable(queue: QueueName): string {
  return `${queue.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_QUEUE_URL`;
}

/** The queue a worker consumes, or undefined for any other function. */
export function queueOfWorker(name: FunctionName): QueueName | undefined {
  return queueNames.find((queue) => workerOf(queue) === name);
}

/**
 * The queue URLs a function sees: those it sends to, and a worker's own
 * queue (it changes the visibility of messages it will retry later).
 */
export function queueEnvironment(
  name: FunctionName,
  urlOf: (queue: QueueName) => string,
  spec: Pick<FunctionSpec, 'sendsTo'> = functions[name],
): Record<string, string> {
  const own = queueOfWorker(name);
  const used = [...(spec.sendsTo ?? []), ...(own ? [own] : [])];
  return Object.fromEntries(used.map((queue) => [queueUrlVariable(queue), urlOf(queue)]));
}

/**
 * Physical queue names: `<prefix>-<kind>` and `<prefix>-<kind>-dlq`, the prefix
 * being the stack's name in the cloud and the service's name locally, so the
 * `dlq` script finds them in both.
 */
export function queuePhysicalNames(
  prefix: string,
  queue: QueueName,
): { queue: string; deadLetter: string } {
  const kebab = queue.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return { queue: `${prefix}-${kebab}`, deadLetter: `${prefix}-${kebab}-dlq` };
}
