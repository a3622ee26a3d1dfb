import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HttpWebhookSender } from '../adapters/http-webhook-sender';
import { JobsTable } from '../adapters/jobs-table';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { webhookUrlPolicy } from '../adapters/webhook-url-policy';
import { WebhooksTable } from '../adapters/webhooks-table';
import { notifySubscribers } from '../domain/notify-subscribers';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';
import { settleFailedJob } from '../domain/settle-failed-job';

const policy = webhookUrlPolicy();
const jobs = JobsTable.forFunction('notificationsWorker');
const deps = {
  webhooks: WebhooksTable.forFunction('notificationsWorker'),
  deliveries: jobs,
  ledger: jobs,
  sender: new HttpWebhookSender(policy),
  followUps: PostFollowUpsTable.forFunction('notificationsWorker'),
  policy,
  leaseSeconds: leaseSecondsOf('notifications'),
};

// A job given up on reads `failed`: the text-analysis job, or the post naming its follow-up.
const settle = {
  ledger: JobsTable.forFunction('notificationsWorker'),
  followUps: PostFollowUpsTable.forFunction('notificationsWorker'),
};

export const handler = jobWorker(
  'notifications',
  async (job, { metrics, signal }) => {
    const { duplicate, ...counts } = await notifySubscribers(withSignal(deps, signal), job);
    if (duplicate) return { outcome: 'duplicate' };
    metrics.addMetric(MetricName.WebhooksDelivered, MetricUnit.Count, counts.delivered);
    return { outcome: 'done', details: counts };
  },
  (job, reason, { signal }) => settleFailedJob(withSignal(settle, signal), job, reason),
);
