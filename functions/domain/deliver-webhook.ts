import { jobs } from '../../lib/description/limits';
import type { WebhookDeliveryJob } from './job';
import { RetryLater } from './job-errors';
import type { WebhookSender } from './notify-subscribers';
import type { StoredWebhook, WebhookHealth, WebhookRepository } from './webhook';
import type { AttemptRecord, DeliveryRef, DeliveryRepository } from './webhook-delivery';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url';

/** The header that carries the delivery id: the same on every attempt of one delivery. */
export const DELIVERY_HEADER = 'X-Posts-Delivery';

export interface DeliverDeps {
  readonly webhooks: Pick<WebhookRepository, 'get'> &
    Pick<WebhookHealth, 'deliverySucceeded' | 'attemptFailed' | 'deliveryFailed'>;
  readonly deliveries: Pick<DeliveryRepository, 'begin' | 'settle'>;
  readonly sender: WebhookSender;
  readonly policy: UrlPolicy;
  readonly leaseSeconds: number;
  /** Seconds before the attempt after `attempts` failed ones (the queue's backoff). */
  readonly backoffSeconds: (attempts: number) => number;
  readonly maxAttempts?: number;
  readonly disableAfter?: number;
  readonly now?: () => Date;
}

export type DeliverOutcome =
  | { readonly outcome: 'succeeded'; readonly attempts: number; readonly status: number }
  /** Settled `failed` (attempts used up, or the webhook could not be called): not retried. */
  | { readonly outcome: 'failed'; readonly attempts: number; readonly reason: string }
  /** Settled by an earlier copy of the message, or no longer there: nothing to do. */
  | { readonly outcome: 'duplicate' };

/**
 * One attempt of one webhook delivery (a message of the webhookDeliveries
 * queue). A 2xx settles it `succeeded`. A failure with attempts left records
 * it (`pending`, the next attempt's time) and throws `RetryLater` with the
 * backoff, so the message comes back then. The last failed attempt settles it
 * `failed` and returns: the message is deleted, never dead-lettered, since a
 * receiver's failure is its owner's information (on the delivery, and on the
 * webhook: `failing`, then `disabled` after `disableAfter` failed deliveries
 * in a row), not the service's.
 */
export async function deliverWebhook(
  deps: DeliverDeps,
  job: WebhookDeliveryJob,
): Promise<DeliverOutcome> {
  const now = deps.now ?? (() => new Date());
  const maxAttempts = deps.maxAttempts ?? jobs.webhooks.maxAttempts;
  const ref: DeliveryRef = {
    webhookId: job.webhook_id,
    deliveryId: job.job_id,
    postId: job.post.id,
    eventAt: job.post.created_at,
  };
  const lease = await deps.deliveries.begin(ref, deps.leaseSeconds, now());
  if (lease.state === 'busy') {
    throw new RetryLater('another attempt of this delivery is in progress', lease.retryInSeconds);
  }
  if (lease.state !== 'acquired') return { outcome: 'duplicate' };
  const { token, attempts } = lease;
  const settle = (attempt: AttemptRecord) => deps.deliveries.settle(ref, token, attempt);

  const hook = await deps.webhooks.get(job.webhook_id);
  const cannot = whyNotCallable(hook, deps.policy);
  if (cannot || !hook) {
    const reason = cannot ?? 'the webhook was deleted';
    await settle({ state: 'failed', at: now(), error: reason });
    return { outcome: 'failed', attempts, reason };
  }

  const body = JSON.stringify({
    id: job.job_id,
    type: job.event,
    // The event's time, not the attempt's: every attempt sends the same body.
    created_at: job.post.created_at,
    data: { post: job.post },
  });
  const sentAt = now();
  const result = await deps.sender.post(
    hook.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': jobs.webhooks.userAgent,
      'x-posts-event': job.event,
      [DELIVERY_HEADER.toLowerCase()]: job.job_id,
      'x-posts-delivery-attempt': String(attempts),
      // Signs `<t>.<body>`: the body carries the delivery id, so the id is signed too.
      [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(
        hook.secret,
        Math.floor(sentAt.getTime() / 1000),
        body,
      ),
    },
    jobs.webhooks.timeoutMs,
  );
  const at = now();
  if (result.ok) {
    await settle({ state: 'succeeded', at, status: result.status });
    await deps.webhooks.deliverySucceeded(hook.id, at);
    return { outcome: 'succeeded', attempts, status: result.status };
  }
  const status = result.status !== undefined ? { status: result.status } : {};
  if (result.refused) {
    // Its name now resolves only to addresses no webhook may reach: retrying changes nothing.
    const reason = `refused: ${result.error}`;
    await settle({ state: 'failed', at, error: reason });
    return { outcome: 'failed', attempts, reason };
  }
  if (attempts >= maxAttempts) {
    const reason = `${result.error} (attempt ${attempts} of ${maxAttempts})`;
    if (await settle({ state: 'failed', at, error: reason, ...status })) {
      const disableAfter = deps.disableAfter ?? jobs.webhooks.disableAfterFailedDeliveries;
      await deps.webhooks.deliveryFailed(
        hook.id,
        at,
        disableAfter,
        `${disableAfter} deliveries in a row failed every attempt; the last: ${result.error}`,
      );
    }
    return { outcome: 'failed', attempts, reason };
  }
  const delaySeconds = deps.backoffSeconds(attempts);
  const nextAttemptAt = new Date(at.getTime() + delaySeconds * 1000);
  await settle({ state: 'pending', at, error: result.error, nextAttemptAt, ...status });
  await deps.webhooks.attemptFailed(hook.id, at);
  throw new RetryLater(
    `attempt ${attempts} of ${maxAttempts} failed: ${result.error}`,
    delaySeconds,
  );
}

/** Why this webhook cannot be called now, if it cannot. */
function whyNotCallable(hook: StoredWebhook | undefined, policy: UrlPolicy): string | undefined {
  if (!hook) return 'the webhook was deleted';
  if (hook.state === 'disabled') return 'the webhook is disabled';
  if (!hook.verified_at) return 'refused: the receiver never confirmed the ownership challenge';
  const problem = webhookUrlProblem(hook.url, policy);
  return problem ? `refused: ${problem}` : undefined;
}
