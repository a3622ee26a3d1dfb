/** Every custom metric's name, in one place: dashboards and alarms use these too. */
export const MetricName = {
  PostCreated: 'PostCreated',
  PostDeleted: 'PostDeleted',
  IdempotentReplay: 'IdempotentReplay',
  DynamoDBLatency: 'DynamoDBLatency',
  DeadlineExceeded: 'DeadlineExceeded',
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
