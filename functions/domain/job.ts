import * as z from 'zod/mini';
import { jobKinds, jobs, type QueueName } from '../../lib/description/limits';
import { isoDateTime, postSchema, type Post } from './post';

/** A job kind is the name of its queue. */
export type JobKind = QueueName;

/** What a post's follow-up job carries: the post as it was stored. */
export interface PostJob {
  readonly kind: 'analytics' | 'notifications' | 'image';
  readonly job_id: string;
  /** When the job was first put on a queue (ISO 8601): latency counts from here. */
  readonly enqueued_at: string;
  readonly post: Post;
}

export interface TextAnalysisJob {
  readonly kind: 'textAnalysis';
  readonly job_id: string;
  readonly enqueued_at: string;
  readonly text: string;
}

/**
 * One webhook delivery of an event (webhook-delivery.ts): the notification job puts one on
 * the webhookDeliveries queue per subscribed webhook. `job_id` is the delivery id.
 */
export interface WebhookDeliveryJob {
  readonly kind: 'webhookDeliveries';
  readonly job_id: string;
  readonly enqueued_at: string;
  readonly webhook_id: string;
  readonly event: 'post.created';
  readonly post: Post;
}

/** The body of every message on a job queue (JSON). */
export type JobMessage = PostJob | TextAnalysisJob | WebhookDeliveryJob;

/**
 * A post's follow-up jobs have ids derived from the post, so whoever enqueues
 * them again (a retried request, the sweeper) enqueues the same job, and the
 * worker's idempotency sees one job however many messages carry it.
 */
export function postJobId(kind: PostJob['kind'], postId: string): string {
  return `${kind}:${postId}`;
}

const isoDate = isoDateTime;

const postJobSchema = (kind: PostJob['kind']) =>
  z.object({
    kind: z.literal(kind),
    job_id: z.string().check(z.minLength(1), z.maxLength(200)),
    enqueued_at: isoDate,
    post: postSchema,
  });

const messageSchemas = {
  analytics: postJobSchema('analytics'),
  notifications: postJobSchema('notifications'),
  image: postJobSchema('image'),
  // The media queue carries S3's own event notifications, never a job: the media worker
  // reads them with its own record handler (functions/workers/sqs-worker.ts), not parseJobMessage.
  media: z.never(),
  webhookDeliveries: z.object({
    kind: z.literal('webhookDeliveries'),
    job_id: z.string().check(z.minLength(1), z.maxLength(200)),
    enqueued_at: isoDate,
    webhook_id: z.uuid(),
    event: z.enum(jobs.webhooks.events),
    post: postSchema,
  }),
  textAnalysis: z.object({
    kind: z.literal('textAnalysis'),
    job_id: z.uuid(),
    enqueued_at: isoDate,
    text: z.string().check(z.minLength(jobs.text.minChars)),
  }),
} satisfies Record<JobKind, z.ZodMiniType>;

export type ParsedMessage =
  | { readonly ok: true; readonly job: JobMessage }
  | { readonly ok: false; readonly reason: string; readonly jobId?: string };

/**
 * A message body as the job the queue expects, or why it is poison: not
 * JSON, a kind this queue does not carry, or fields that do not fit.
 */
export function parseJobMessage(body: string, queue: JobKind): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  const fields = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const jobId = typeof fields.job_id === 'string' ? fields.job_id.slice(0, 200) : undefined;
  const kind = fields.kind;
  if (typeof kind !== 'string' || !(jobKinds as readonly string[]).includes(kind)) {
    return { ok: false, reason: `unknown job kind ${JSON.stringify(kind)}`, jobId };
  }
  if (kind !== queue) {
    return { ok: false, reason: `a ${kind} job on the ${queue} queue`, jobId };
  }
  const parsed = messageSchemas[queue].safeParse(json);
  if (!parsed.success) {
    const fieldsWrong = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    return { ok: false, reason: `invalid ${queue} job: ${fieldsWrong}`, jobId };
  }
  return { ok: true, job: parsed.data as JobMessage };
}
