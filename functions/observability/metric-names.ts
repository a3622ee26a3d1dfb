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

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
