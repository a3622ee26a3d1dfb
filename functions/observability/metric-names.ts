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
  QueueSendLatency: 'QueueSendLatency',
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
  /** Background jobs, per kind; JobLatency (ms) runs from enqueue to done. */
  JobsEnqueued: 'JobsEnqueued',
  JobsSucceeded: 'JobsSucceeded',
  JobsFailed: 'JobsFailed',
  JobLatency: 'JobLatency',
  /** Longest single event-loop stall (ms) in one invocation, per function. */
  EventLoopDelayMax: 'EventLoopDelayMax',
  /** Invocations stopped at the handler's own deadline (answered 504), per function. */
  DeadlineExceeded: 'DeadlineExceeded',
} as const;

/** Powertools' own cold-start metric (dimensions service and function_name). */
export const COLD_START_METRIC = 'ColdStart';

/** Dimension naming the function on per-function metrics, as Powertools names it for ColdStart. */
export const FUNCTION_DIMENSION = 'function_name';

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
