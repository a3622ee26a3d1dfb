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

export interface Throttle {
  /** Steady-state requests per second (token refill rate). */
  readonly rateLimit: number;
  /** Bucket size: how many requests may arrive at once. */
  readonly burstLimit: number;
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

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  readonly function: FunctionName;
  /** Per-route override of the stage throttle. */
  readonly throttle?: Throttle;
  /** Query string parameters API Gateway validates for presence (true = required). */
  readonly queryParameters?: Readonly<Record<string, boolean>>;
  /** The route takes a JSON body (API Gateway's validator checks it is there). */
  readonly jsonBody?: boolean;
}

export interface IndexSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
}

const apiSdk = { connectTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 } as const;
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
    sendsTo: ['analytics', 'notifications'],
  },
  getPost: {
    entry: 'functions/api/get-post.ts',
    description: 'GET /posts/{id}: one post',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:GetItem'],
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
    description: 'DELETE /posts/{id}',
    memoryMb: 512,
    timeoutSeconds: 6,
    deadlineMarginMs: 1_000,
    sdk: apiSdk,
    tableActions: ['dynamodb:DeleteItem'],
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
    tableActions: ['dynamodb:DeleteItem'],
  },
  sweepFollowUps: {
    entry: 'functions/workers/sweep-follow-ups.ts',
    description: 'Every few minutes: queue the follow-up jobs of posts whose enqueue failed',
    memoryMb: 256,
    timeoutSeconds: 60,
    deadlineMarginMs: 5_000,
    sdk: workerSdk,
    tableActions: ['dynamodb:Query', 'dynamodb:UpdateItem'],
    sendsTo: ['analytics', 'notifications'],
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
    throttle: { rateLimit: 20, burstLimit: 40 },
  },
  {
    method: 'POST',
    path: '/analyze',
    function: 'analyzeText',
    jsonBody: true,
    // CPU-heavy work behind it: tighter than the stage.
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  { method: 'GET', path: '/jobs/{id}', function: 'getJob' },
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
    jsonBody: true,
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
  {
    method: 'GET',
    path: '/webhooks',
    function: 'listWebhooks',
    queryParameters: { author_id: true },
  },
  {
    method: 'DELETE',
    path: '/webhooks/{id}',
    function: 'deleteWebhook',
    throttle: { rateLimit: 5, burstLimit: 10 },
  },
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
  logRetentionDays: 30,
  /** Background jobs (queues in `queues` above). */
  jobs: {
    /** The jobs every new post starts; it is `ready` when all are done. */
    postFollowUps: ['analytics', 'notifications'] satisfies QueueName[],
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
export function functionEnvironment(resources: { tableName: string }): Record<string, string> {
  return {
    TABLE_NAME: resources.tableName,
    // Stack traces that point at the TypeScript source.
    NODE_OPTIONS: '--enable-source-maps',
  };
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
): Record<string, string> {
  const own = queueOfWorker(name);
  const used = [...(functions[name].sendsTo ?? []), ...(own ? [own] : [])];
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
