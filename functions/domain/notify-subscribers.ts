import { jobs } from '../../lib/description/limits';
import type { FollowUpLedger } from './follow-ups';
import type { PostJob } from './job';
import { RetryLater } from './job-errors';
import type { JobLedger } from './job-ledger';
import type { JobQueue } from './job-queue';
import type { StoredWebhook, WebhookRepository } from './webhook';
import { deliveryIdOf, type DeliveryRepository } from './webhook-delivery';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url';

/**
 * What one callback came to: answered 2xx (with what the receiver said), failed
 * (worth a retry), or refused before any connection (the URL leads nowhere a
 * webhook may go: retrying would not change that).
 */
export type SendResult =
  | { readonly ok: true; readonly status: number; readonly body?: string }
  | {
      readonly ok: false;
      readonly status?: number;
      readonly refused?: true;
      readonly error: string;
    };

/** Sends one callback; never throws, says what happened. */
export interface WebhookSender {
  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<SendResult>;
}

export interface NotifyDeps {
  readonly webhooks: Pick<WebhookRepository, 'listByAuthor'>;
  readonly deliveries: Pick<DeliveryRepository, 'open'>;
  /** The webhookDeliveries queue: one message per delivery. */
  readonly queue: JobQueue;
  readonly ledger: JobLedger;
  readonly followUps: FollowUpLedger;
  readonly policy: UrlPolicy;
  readonly leaseSeconds: number;
  readonly now?: () => Date;
}

export interface NotifyOutcome {
  /** The job was finished by an earlier delivery of the same message: nothing was sent. */
  readonly duplicate: boolean;
  /** Deliveries put on the webhookDeliveries queue by this run. */
  readonly queued: number;
  /** Deliveries an earlier run of the same job opened and that have been attempted since. */
  readonly already: number;
  /** Webhooks that cannot be called (never verified, or a URL no longer allowed): failed at once. */
  readonly refused: number;
  /** Disabled webhooks: no delivery at all. */
  readonly disabled: number;
  /** The post was deleted before its callbacks went out: nobody is told about it. */
  readonly postDeleted?: boolean;
}

const EVENT = 'post.created';

/**
 * The notification job: a fan-out. Every webhook of the post's author
 * subscribed to `post.created` gets a delivery record and one message on the
 * webhookDeliveries queue, whose worker makes the attempts
 * (deliver-webhook.ts). Receivers are never called here, so the post's
 * `notifications` follow-up is done as soon as the deliveries are handed
 * over, whatever the receivers answer later. Idempotent under at-least-once:
 * a delivery is opened once (its id derives from the job and the webhook),
 * and a run again only re-queues deliveries never attempted.
 */
export async function notifySubscribers(deps: NotifyDeps, job: PostJob): Promise<NotifyOutcome> {
  const now = deps.now ?? (() => new Date());
  const lease = await deps.ledger.begin(job.job_id, job.kind, deps.leaseSeconds, now());
  if (lease.state === 'busy') {
    throw new RetryLater('another run of this job is in progress', lease.retryInSeconds);
  }
  if (lease.state === 'finished') {
    await deps.followUps.markDone(job.post.id, 'notifications', now());
    return { duplicate: true, queued: 0, already: 0, refused: 0, disabled: 0 };
  }
  let outcome: NotifyOutcome;
  try {
    outcome = await fanOut(deps, job, now);
    await deps.ledger.succeed(job.job_id, lease.token, now(), outcome);
  } catch (error) {
    await deps.ledger.release(job.job_id, lease.token).catch(() => undefined);
    throw error;
  }
  await deps.followUps.markDone(job.post.id, 'notifications', now());
  return outcome;
}

async function fanOut(deps: NotifyDeps, job: PostJob, now: () => Date): Promise<NotifyOutcome> {
  const subscribed = (await deps.webhooks.listByAuthor(job.post.author_id)).filter((hook) =>
    hook.events.includes(EVENT),
  );
  const none = { duplicate: false, queued: 0, already: 0, refused: 0, disabled: 0 };
  if (subscribed.length > 0 && !(await deps.followUps.exists(job.post.id))) {
    return { ...none, postDeleted: true };
  }
  const counts = { queued: 0, already: 0, refused: 0, disabled: 0 };
  await eachLimited(subscribed, jobs.webhooks.concurrency, async (hook) => {
    counts[await handOver(deps, job, hook, now())] += 1;
  });
  return { ...none, ...counts };
}

async function handOver(
  deps: NotifyDeps,
  job: PostJob,
  hook: StoredWebhook,
  at: Date,
): Promise<'queued' | 'already' | 'refused' | 'disabled'> {
  // A disabled webhook gets no deliveries until its owner enables it again.
  if (hook.state === 'disabled') return 'disabled';
  const deliveryId = deliveryIdOf(job.job_id, hook.id);
  const ref = { webhookId: hook.id, deliveryId, postId: job.post.id, eventAt: job.post.created_at };
  // The policy may be stricter than when the webhook was registered (a local one, deployed);
  // a webhook whose receiver never echoed the ownership challenge gets nothing.
  const problem = !hook.verified_at
    ? 'the receiver never confirmed the ownership challenge'
    : webhookUrlProblem(hook.url, deps.policy);
  const delivery = await deps.deliveries.open({
    ref,
    event: EVENT,
    at,
    ...(problem ? { refused: `refused: ${problem}` } : {}),
  });
  if (delivery.state !== 'pending') return problem ? 'refused' : 'already';
  // Queued before and attempted since: that message (or its retry) carries it on.
  if (delivery.attempts > 0) return 'already';
  await deps.queue.send({
    kind: 'webhookDeliveries',
    job_id: deliveryId,
    enqueued_at: at.toISOString(),
    webhook_id: hook.id,
    event: EVENT,
    post: job.post,
  });
  return 'queued';
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
