/** What the service reports: the metric namespace, the blocking budget, alarm thresholds, log retention. */

/** CloudWatch namespace of every custom metric (Powertools Metrics). */
export const metricsNamespace = 'PostsApi';

export const observability = {
  /** A single event-loop stall longer than this logs a warning (functions may override). */
  blockingBudgetMs: 50,
  /** Alarm thresholds; each alarm is explained in docs/operations.md. */
  alarms: {
    /** 5xx answers as a share of all requests, over 5 minutes. */
    serverErrorRatePercent: 1,
    /** The oldest message of any job queue waiting longer than this. */
    oldestMessageAgeSeconds: 300,
  },
} as const;

export const logRetentionDays = 30;
