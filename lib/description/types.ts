/**
 * The shapes of the service description. Plain types: the description's data
 * lives in the files beside this one, and nothing here imports CDK or the SDK.
 */
import type { AnswerStatus, ErrorStatus, ResponseSpec, SchemaName } from './contract';
import type { FunctionName } from './functions';
import type { QueueName } from './queues';

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
 * `cache-status`: reads the cache's last probe from the table (recorded by a function that
 * uses `cache`), so it can report on the cache from outside the VPC.
 */
export type Dependency = 'cache' | 'partner' | 'queue-status' | 'cache-status';

/** Dependencies on the public internet: a function with one can never be in the VPC. */

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
  /** Actions on the table's own items, only those whose partition key matches `tableKeys`. */
  readonly tableActions: readonly TableAction[];
  /**
   * The partition keys its items on the table have: a prefix ending in `#` (`POST#`)
   * or an exact key (`HEALTH`). The stack grants `tableActions` only on these
   * (`dynamodb:LeadingKeys`); required when `tableActions` is not empty.
   */
  readonly tableKeys?: readonly string[];
  /**
   * Seals or opens webhook signing secrets: it is given the key (a KMS key in the cloud,
   * `WEBHOOK_SECRETS_KEY`); no other function may use it.
   */
  readonly secrets?: 'seal' | 'open';
  /** Indexes it queries: `dynamodb:Query` on those indexes, nothing else there. */
  readonly tableIndexes?: readonly IndexName[];
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
  readonly schedule?: {
    readonly rateMinutes: number;
    /**
     * The local cloud also runs it once as it starts, before it serves: what it records is
     * read at once (the cloud's first run comes within `rateMinutes` of the deploy).
     */
    readonly runAtStart?: boolean;
  };
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

/**
 * Requests one signed-in caller may make to a route per fixed window, counted
 * in the table (functions/http/caller-rate-limit.ts); over it, 429 with
 * Retry-After. One caller's burst is refused before it can use up the
 * route's shared throttle, so other callers keep their answers.
 */
export interface CallerLimit {
  readonly requests: number;
  readonly windowSeconds: number;
}

export interface RouteSpec<F extends string = FunctionName> {
  readonly method: HttpMethod;
  /** API Gateway resource path, `{name}` for path parameters. */
  readonly path: string;
  readonly function: F;
  /** Per-route override of the stage throttle. */
  readonly throttle?: Throttle;
  /** One line for the API's reference (docs/openapi.json). */
  readonly summary: string;
  /**
   * Its JSON body: API Gateway checks it against this schema's model (draft 4) before
   * invoking the function, which checks it again with the schema itself.
   */
  readonly body?: SchemaName;
  /** Its query string, as one schema: a parameter is required when the schema requires it. */
  readonly query?: SchemaName;
  /** Each `{name}` of the path and its schema (API Gateway requires them all). */
  readonly pathParameters?: Readonly<Record<string, SchemaName>>;
  /** It honours an `Idempotency-Key` header: the same key and body replay the first answer. */
  readonly idempotencyKey?: boolean;
  /** What it answers when it succeeds, by status. */
  readonly responses: Readonly<Partial<Record<AnswerStatus, ResponseSpec>>>;
  /** The problems its function answers (API Gateway's own follow from the route). */
  readonly errors: readonly ErrorStatus[];
  /**
   * `'user'`: only a signed-in user may call it (the Cognito user-pool authorizer, or the
   * local issuer's token); the handler takes the caller from the token's claims.
   * Absent: public. Every route that is not a GET must say `'user'`.
   */
  readonly auth?: 'user';
  /** Per signed-in caller; every route with `auth: 'user'` has one (lib/constructs/api.ts checks). */
  readonly callerLimit?: CallerLimit;
  /** API Gateway's integration timeout for this route; absent means `service.api.integrationTimeoutMs`. */
  readonly integrationTimeoutMs?: number;
}

/** The table's global secondary indexes (table.ts). */
export type IndexName = 'byAuthor' | 'feed' | 'unsent';

export interface IndexSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
  /**
   * The attributes the index copies besides the keys (INCLUDE); absent, only the
   * keys (KEYS_ONLY). Never ALL: every write that changes a copied attribute is
   * paid again in the index, so it copies only what its query reads.
   */
  readonly include?: readonly string[];
}

/**
 * The description as the guardrails (lib/timeout-budget.ts, lib/worker-concurrency.ts)
 * check it: the stack hands them the real one, a test a deliberately broken copy.
 */
export interface Description {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly routes: readonly RouteSpec<string>[];
  readonly queues: Readonly<Record<string, QueueSpec>>;
  readonly api: { readonly integrationTimeoutMs: number };
}
