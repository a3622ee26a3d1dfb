import * as z from 'zod/mini';
import { jobs } from '../../lib/description/limits';
import { isoDateTime } from './post';
import type { WebhookEvent } from './webhook';

/**
 * One event for one webhook: a delivery. Its id is the same on every attempt (the
 * `X-Posts-Delivery` header and the body's `id`, so inside the signature too): a receiver
 * de-duplicates on it. `pending` while attempts remain, then `succeeded` (a 2xx) or
 * `failed` (every attempt failed, or the webhook could not be called at all).
 */
export type DeliveryState = 'pending' | 'succeeded' | 'failed';

/** A delivery as its webhook's owner reads it (`GET /webhooks/{id}/deliveries`). */
export const webhookDeliverySchema = z.object({
  id: z.string(),
  webhook_id: z.uuid(),
  event: z.enum(jobs.webhooks.events),
  post_id: z.uuid(),
  state: z.enum(['pending', 'succeeded', 'failed']),
  /** Attempts made (each one a call to the receiver, or a refusal to call it). */
  attempts: z.int().check(z.minimum(0)),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  /** The receiver's HTTP status on the last attempt, when it answered at all. */
  last_status: z.optional(z.int()),
  /** Why the last attempt failed (a status, a timeout, a refused address, ...). */
  last_error: z.optional(z.string()),
  last_attempt_at: z.optional(isoDateTime),
  /** When the next attempt is due (`pending` after a failed attempt). */
  next_attempt_at: z.optional(isoDateTime),
});
export type WebhookDelivery = Readonly<z.infer<typeof webhookDeliverySchema>>;

/** Where a delivery lives: its webhook, and the event it carries (which orders the list). */
export interface DeliveryRef {
  readonly webhookId: string;
  readonly deliveryId: string;
  readonly postId: string;
  /** When the event happened (the post's created_at): deliveries list newest first by it. */
  readonly eventAt: string;
}

/** A delivery as the notification job opens it. */
export interface NewDelivery {
  readonly ref: DeliveryRef;
  readonly event: WebhookEvent;
  readonly at: Date;
  /** Set when the webhook cannot be called at all: the delivery is `failed` at once, not queued. */
  readonly refused?: string;
}

/** The outcome of trying to start an attempt. */
export type DeliveryLease =
  /** This run makes attempt number `attempts`; `token` proves it to the repository. */
  | { readonly state: 'acquired'; readonly token: string; readonly attempts: number }
  /** Settled before: a redelivered message, nothing to do. */
  | { readonly state: 'finished'; readonly delivery: WebhookDelivery }
  /** Another run is making an attempt right now. */
  | { readonly state: 'busy'; readonly retryInSeconds: number }
  /** No such delivery (expired, or its webhook deleted with it gone). */
  | { readonly state: 'missing' };

/** What one attempt came to, as recorded on the delivery. */
export interface AttemptRecord {
  readonly state: DeliveryState;
  readonly at: Date;
  readonly status?: number;
  readonly error?: string;
  readonly nextAttemptAt?: Date;
}

export const deliveryPageSchema = z.object({
  items: z.array(webhookDeliverySchema),
  /** Opaque; absent on the last page. */
  next_cursor: z.optional(z.string()),
});
export type DeliveryPage = Readonly<z.infer<typeof deliveryPageSchema>>;

/**
 * The deliveries of every webhook, one record each. Opening is idempotent (a
 * notification job run twice opens each delivery once); an attempt holds a
 * lease, so two copies of one message never call the receiver at once.
 */
export interface DeliveryRepository {
  /** The delivery, opened now or by an earlier run (then as it stands). */
  open(delivery: NewDelivery): Promise<WebhookDelivery>;
  begin(ref: DeliveryRef, leaseSeconds: number, at: Date): Promise<DeliveryLease>;
  /** Records the attempt and ends the lease; false when the lease was lost meanwhile. */
  settle(ref: DeliveryRef, token: string, attempt: AttemptRecord): Promise<boolean>;
  /**
   * Given up on without a lease (the message's last receive before the DLQ): `failed` with
   * the reason unless it succeeded, and resumable: a redriven message may attempt it again.
   */
  abandon(ref: DeliveryRef, at: Date, reason: string): Promise<void>;
  /** Newest first; `cursor` is a previous page's `next_cursor`. */
  list(webhookId: string, limit: number, cursor?: string): Promise<DeliveryPage>;
}

/** Stable across retries and runs: one post, one webhook. */
export function deliveryIdOf(jobId: string, webhookId: string): string {
  return `${jobId}/${webhookId}`;
}
