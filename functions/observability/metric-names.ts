/** Every custom metric's name, in one place: dashboards and alarms use these too. */
export const MetricName = {
  PostCreated: 'PostCreated',
  PostDeleted: 'PostDeleted',
  IdempotentReplay: 'IdempotentReplay',
  DynamoDBLatency: 'DynamoDBLatency',
  /** Answers 4xx: the client's fault. */
  RequestRefused: 'RequestRefused',
  /** Answers 5xx: ours. */
  RequestFailed: 'RequestFailed',
  /** `GET /posts/{id}` served from the cache, read through it, or read without it. */
  CacheHit: 'CacheHit',
  CacheMiss: 'CacheMiss',
  CacheBypass: 'CacheBypass',
  /** A cache call failed or timed out; the request went on without the cache. */
  CacheError: 'CacheError',
  CacheLatency: 'CacheLatency',
  /** One attempt at the partner API, success or not. */
  PartnerCallLatency: 'PartnerCallLatency',
  /** A failed attempt at the partner API (timeout, reset, 5xx, bad answer). */
  PartnerErrors: 'PartnerErrors',
  /** The partner's circuit breaker opened (closed -> open, or a failed half-open probe). */
  BreakerOpen: 'BreakerOpen',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
