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
} as const;

export type MetricName = (typeof MetricName)[keyof typeof MetricName];
