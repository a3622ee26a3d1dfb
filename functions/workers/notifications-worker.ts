import { JobsTable } from '../adapters/jobs-table';
import { PostFollowUpsTable } from '../adapters/post-follow-ups-table';
import { SqsJobQueue } from '../adapters/sqs-job-queue';
import { webhookUrlPolicy } from '../adapters/webhook-url-policy';
import { WebhookDeliveriesTable } from '../adapters/webhook-deliveries-table';
import { WebhooksTable } from '../adapters/webhooks-table';
import { notifySubscribers } from '../domain/notify-subscribers';
import { settleFailedJob } from '../domain/settle-failed-job';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { withSignal } from '../pipeline/with-signal';

const jobs = JobsTable.forFunction('notificationsWorker');
const followUps = PostFollowUpsTable.forFunction('notificationsWorker');
const deps = {
  webhooks: WebhooksTable.forFunction('notificationsWorker'),
  deliveries: WebhookDeliveriesTable.forFunction('notificationsWorker'),
  queue: SqsJobQueue.forFunction('notificationsWorker'),
  ledger: jobs,
  followUps,
  policy: webhookUrlPolicy(),
  leaseSeconds: leaseSecondsOf('notifications'),
};

// A job given up on (the service failing, never a receiver) reads `failed`, naming the follow-up.
const settle = { ledger: jobs, followUps };

export const handler = jobWorker(
  'notifications',
  async (job, { signal }) => {
    const { duplicate, ...counts } = await notifySubscribers(withSignal(deps, signal), job);
    if (duplicate) return { outcome: 'duplicate' };
    return { outcome: 'done', details: counts };
  },
  (job, reason, { signal }) => settleFailedJob(withSignal(settle, signal), job, reason),
);
