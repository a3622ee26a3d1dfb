import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HttpWebhookSender } from '../adapters/http-webhook-sender';
import { webhookUrlPolicy } from '../adapters/webhook-url-policy';
import { WebhookDeliveriesTable } from '../adapters/webhook-deliveries-table';
import { WebhooksTable } from '../adapters/webhooks-table';
import { deliverWebhook } from '../domain/deliver-webhook';
import { jobWorker, leaseSecondsOf } from '../jobs/job-worker';
import { backoffSeconds, retryBackoff } from '../jobs/retry-backoff';
import { MetricName } from '../observability/metric-names';
import { withSignal } from '../pipeline/with-signal';

const policy = webhookUrlPolicy();
const backoff = retryBackoff('webhookDeliveries');
const deliveries = WebhookDeliveriesTable.forFunction('webhookDeliveriesWorker');
const deps = {
  webhooks: WebhooksTable.forFunction('webhookDeliveriesWorker'),
  deliveries,
  sender: new HttpWebhookSender(policy),
  policy,
  leaseSeconds: leaseSecondsOf('webhookDeliveries'),
  backoffSeconds: (attempts: number) => backoffSeconds(backoff, attempts),
};

export const handler = jobWorker(
  'webhookDeliveries',
  async (job, { metrics, signal }) => {
    const result = await deliverWebhook(withSignal(deps, signal), job);
    if (result.outcome === 'duplicate') return { outcome: 'duplicate' };
    if (result.outcome === 'failed') {
      // The owner's information (on the delivery and the webhook): the message is deleted.
      return { outcome: 'failed', details: { delivery_id: job.job_id, ...result } };
    }
    metrics.addMetric(MetricName.WebhooksDelivered, MetricUnit.Count, 1);
    return { outcome: 'done', details: { delivery_id: job.job_id, ...result } };
  },
  // Only the service's failures get here (every receive failed before recording an attempt):
  // the delivery reads `failed` with the reason, and a redrive from the DLQ resumes it.
  (job, reason, { signal }) =>
    deliveries.withSignal(signal).abandon(
      {
        webhookId: job.webhook_id,
        deliveryId: job.job_id,
        postId: job.post.id,
        eventAt: job.post.created_at,
      },
      new Date(),
      reason,
    ),
);
