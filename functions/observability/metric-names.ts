/** Every custom metric's name, in one place: dashboards and alarms use these too. */
export const MetricName = {
  PostCreated: 'PostCreated',
  PostDeleted: 'PostDeleted',
  IdempotentReplay: 'IdempotentReplay',
  DynamoDBLatency: 'DynamoDBLatency',
  MediaUploadRequested: 'MediaUploadRequested',
  MediaReady: 'MediaReady',
  MediaRejected: 'MediaRejected',
  ShareCardRendered: 'ShareCardRendered',
  /** Answers 4xx: the client's fault. */
  RequestRefused: 'RequestRefused',
  /** Answers 5xx: ours. */
  RequestFailed: 'RequestFailed',
  /** Downstream latencies (ms), around the whole call, retries included. */
  CacheLatency: 'CacheLatency',
  PartnerCallLatency: 'PartnerCallLatency',
  /** Cache-aside outcomes; a cache error is served from the table, never failed. */
  CacheHit: 'CacheHit',
  CacheMiss: 'CacheMiss',
  /** No cache configured, or it failed for this read: served straight from DynamoDB. */
  CacheBypass: 'CacheBypass',
  CacheError: 'CacheError',
  /** The partner API failed (timeout, 5xx, refused), and calls refused while its breaker is open. */
  PartnerErrors: 'PartnerErrors',
  BreakerOpen: 'BreakerOpen',
  /** Longest single event-loop stall (ms) in one invocation, per function. */
  EventLoopDelayMax: 'EventLoopDelayMax',
  /** Invocations stopped at the handler's own deadline (answered 504), per function. */
  DeadlineExceeded: 'DeadlineExceeded',
  /** Jobs put on a queue, per JobKind dimension. */
  JobsEnqueued: 'JobsEnqueued',
  /** Jobs that could not be put on a queue (the sweeper will), per JobKind. */
  JobsEnqueueFailed: 'JobsEnqueueFailed',
  /** Jobs finished by a worker, per JobKind (a redelivered duplicate is not counted). */
  JobsSucceeded: 'JobsSucceeded',
  /** Failed attempts (retried, or on their way to the DLQ), poison messages included, per JobKind. */
  JobsFailed: 'JobsFailed',
  /** Messages no worker can read (bad JSON, unknown kind): they go to the DLQ. */
  PoisonMessages: 'PoisonMessages',
  /** From a job's first enqueue to its completion, per JobKind. */
  JobLatency: 'JobLatency',
  /** Jobs the sweeper put back on their queues. */
  FollowUpsSwept: 'FollowUpsSwept',
  WebhooksDelivered: 'WebhooksDelivered',
} as const;

/** Powertools' own cold-start metric (dimensions service and function_name). */
export const COLD_START_METRIC = 'ColdStart';

/** Dimension naming the function on per-function metrics, as Powertools names it for ColdStart. */
export const FUNCTION_DIMENSION = 'function_name';

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
