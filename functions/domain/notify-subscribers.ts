import { jobs } from '../../lib/description/limits';
import type { FollowUpLedger } from './follow-ups';
import type { PostJob } from './job';
import { RetryLater } from './job-errors';
import type { JobLedger } from './job-ledger';
import type { StoredWebhook, WebhookRepository } from './webhook';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
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

/** Which webhooks already got a job's callback: a redelivered job skips them. */
export interface DeliveryLedger {
  delivered(jobId: string): Promise<ReadonlySet<string>>;
  /** `status` is the receiver's HTTP status, or `refused` when the URL is no longer allowed. */
  record(jobId: string, webhookId: string, status: number | 'refused', at: Date): Promise<void>;
}

export interface NotifyDeps {
  readonly webhooks: WebhookRepository;
  readonly deliveries: DeliveryLedger;
  readonly sender: WebhookSender;
  readonly ledger: JobLedger;
  readonly followUps: FollowUpLedger;
  readonly policy: UrlPolicy;
  readonly leaseSeconds: number;
  readonly now?: () => Date;
}

export interface NotifyOutcome {
  /** The job was finished by an earlier delivery of the same message: nothing was sent. */
  readonly duplicate: boolean;
  readonly delivered: number;
  /** Delivered by an earlier run of the same job. */
  readonly already: number;
  readonly refused: number;
  /** The post was deleted before its callbacks went out: nobody is told about it. */
  readonly postDeleted?: boolean;
}

const EVENT = 'post.created';

/**
 * The notification job: every webhook of the post's author subscribed to
 * `post.created` gets one signed callback. Deliveries are recorded one by
 * one, so a retry after a partial failure only calls the receivers that
 * failed, and a redelivered message calls nobody twice.
 */
export async function notifySubscribers(deps: NotifyDeps, job: PostJob): Promise<NotifyOutcome> {
  const now = deps.now ?? (() => new Date());
  const lease = await deps.ledger.begin(job.job_id, job.kind, deps.leaseSeconds, now());
  if (lease.state === 'busy') {
    throw new RetryLater('another run of this job is in progress', lease.retryInSeconds);
  }
  if (lease.state === 'finished') {
    await deps.followUps.markDone(job.post.id, 'notifications', now());
    return { duplicate: true, delivered: 0, already: 0, refused: 0 };
  }
  let outcome: NotifyOutcome;
  try {
    outcome = await deliverAll(deps, job, now);
    await deps.ledger.succeed(job.job_id, lease.token, now(), outcome);
  } catch (error) {
    await deps.ledger.release(job.job_id, lease.token).catch(() => undefined);
    throw error;
  }
  await deps.followUps.markDone(job.post.id, 'notifications', now());
  return outcome;
}

async function deliverAll(deps: NotifyDeps, job: PostJob, now: () => Date): Promise<NotifyOutcome> {
  const subscribed = (await deps.webhooks.listByAuthor(job.post.author_id)).filter((hook) =>
    hook.events.includes(EVENT),
  );
  if (subscribed.length > 0 && !(await deps.followUps.exists(job.post.id))) {
    return { duplicate: false, delivered: 0, already: 0, refused: 0, postDeleted: true };
  }
  const done = await deps.deliveries.delivered(job.job_id);
  const pending = subscribed.filter((hook) => !done.has(hook.id));
  const failures: string[] = [];
  let delivered = 0;
  let refused = 0;
  await eachLimited(pending, jobs.webhooks.concurrency, async (hook) => {
    const result = await deliver(deps, job, hook, now());
    if (result === 'refused') refused += 1;
    else if (result === 'delivered') delivered += 1;
    else failures.push(`${hook.id}: ${result.error}`);
  });
  if (failures.length > 0) {
    throw new RetryLater(
      `${failures.length} of ${pending.length} deliveries failed (${failures.join('; ')})`,
    );
  }
  return { duplicate: false, delivered, already: subscribed.length - pending.length, refused };
}

async function deliver(
  deps: NotifyDeps,
  job: PostJob,
  hook: StoredWebhook,
  at: Date,
): Promise<'delivered' | 'refused' | { error: string }> {
  // The policy may be stricter than when the webhook was registered (a local one, deployed);
  // a webhook whose receiver never echoed the ownership challenge gets nothing.
  if (!hook.verified_at || webhookUrlProblem(hook.url, deps.policy)) {
    await deps.deliveries.record(job.job_id, hook.id, 'refused', at);
    return 'refused';
  }
  // Stable across retries: receivers deduplicate on it.
  const deliveryId = `${job.job_id}/${hook.id}`;
  const body = JSON.stringify({
    id: deliveryId,
    type: EVENT,
    created_at: at.toISOString(),
    data: { post: job.post },
  });
  const timestamp = Math.floor(at.getTime() / 1000);
  const result = await deps.sender.post(
    hook.url,
    body,
    {
      'content-type': 'application/json',
      'user-agent': jobs.webhooks.userAgent,
      'x-posts-event': EVENT,
      'x-posts-delivery': deliveryId,
      [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(hook.secret, timestamp, body),
    },
    jobs.webhooks.timeoutMs,
  );
  if (!result.ok && result.refused) {
    // Its name now resolves only to addresses no webhook may reach: refused, not retried.
    await deps.deliveries.record(job.job_id, hook.id, 'refused', at);
    return 'refused';
  }
  if (!result.ok) return { error: result.error };
  await deps.deliveries.record(job.job_id, hook.id, result.status, at);
  return 'delivered';
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
