import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { jobs } from '../../lib/description/limits';
import type { Caller } from './caller';
import { forbidden, invalid, notFound } from './errors';
import { isoDateTime } from './post';
import { authorIdSchema, parse } from './post-input';
import type { WebhookSender } from './notify-subscribers';
import { challengeReceiver } from './webhook-challenge';
import { newWebhookSecret } from './webhook-signature';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url';

const { webhooks: limits } = jobs;

export type WebhookEvent = (typeof limits.events)[number];

/**
 * How a webhook's deliveries are going: `active` (the last attempt succeeded, or none yet),
 * `failing` (the last attempt failed; `consecutive_failures` deliveries in a row have used up
 * every attempt), `disabled` (after `disableAfterFailedDeliveries` of them: no more deliveries
 * until its owner enables it again, `POST /webhooks/{id}/enable`).
 */
export const webhookStateSchema = z.enum(['active', 'failing', 'disabled']);
export type WebhookState = z.infer<typeof webhookStateSchema>;

/** A webhook as its owner sees it (the secret only once, at registration). */
export const webhookSchema = z.object({
  id: z.uuid(),
  author_id: z.string(),
  url: z.string(),
  events: z.array(z.enum(limits.events)),
  created_at: isoDateTime,
  state: webhookStateSchema,
  consecutive_failures: z.int().check(z.minimum(0)),
  /** The last attempt of any delivery, whatever it came to. */
  last_delivery_at: z.optional(isoDateTime),
  /** Why it was disabled (only while it is). */
  disabled_reason: z.optional(z.string()),
});
export type Webhook = Readonly<z.infer<typeof webhookSchema>>;

export const webhookListSchema = z.object({ items: z.array(webhookSchema) });

/** The answer to a registration: the only time the signing secret is shown. */
export const registeredWebhookSchema = z.object({
  ...webhookSchema.shape,
  /** Signs every delivery (docs/webhooks.md); keep it: it is never shown again. */
  secret: z.string(),
  verified_at: z.optional(isoDateTime),
});

export interface StoredWebhook extends Webhook {
  readonly secret: string;
  /**
   * When its receiver echoed the ownership challenge (webhook-challenge.ts). A webhook
   * without it (stored before the challenge existed) is never delivered to.
   */
  readonly verified_at?: string;
}

export interface WebhookRepository {
  /** Takes one of the author's `maxPerAuthor` slots atomically, then stores the webhook. */
  create(webhook: StoredWebhook, maxPerAuthor: number): Promise<'created' | 'limit_reached'>;
  /** Newest first, with their secrets (the notification worker signs with them). */
  listByAuthor(authorId: string): Promise<StoredWebhook[]>;
  /** Deletes only the owner's webhook: otherwise says why nothing was deleted. */
  delete(id: string, ownerId: string): Promise<'deleted' | 'not_found' | 'not_owner'>;
  /** One webhook (with its secret when this function may open it). */
  get(id: string): Promise<StoredWebhook | undefined>;
}

/**
 * A webhook's health as its deliveries report it (the webhook's own item). Each change is one
 * conditional write on it; none brings a `disabled` webhook back: only `enable` does.
 */
export interface WebhookHealth {
  /** An attempt answered 2xx: `active`, no failures in a row. */
  deliverySucceeded(id: string, at: Date): Promise<void>;
  /** An attempt failed and the delivery will be tried again: `failing`. */
  attemptFailed(id: string, at: Date): Promise<void>;
  /**
   * A delivery used up its attempts: one more failure in a row; at `disableAfter` of them
   * the webhook is `disabled` with `reason`. Answers its state after, undefined when it is gone.
   */
  deliveryFailed(
    id: string,
    at: Date,
    disableAfter: number,
    reason: string,
  ): Promise<WebhookState | undefined>;
  /** Its owner's: `active` again, no failures counted, verified anew at `at`. */
  enable(id: string, ownerId: string, at: Date): Promise<'enabled' | 'not_found' | 'not_owner'>;
}

export const webhookInputSchema = z.strictObject({
  /** Optional: the owner is the caller; naming someone else is refused. */
  author_id: z.optional(authorIdSchema),
  url: z.string().check(z.minLength(1), z.maxLength(limits.urlMaxChars)),
  events: z.pipe(
    z.array(z.enum(limits.events)).check(z.minLength(1)),
    z.transform((events) => [...new Set(events)]),
  ),
});

export interface RegisterDeps {
  readonly webhooks: WebhookRepository;
  readonly policy: UrlPolicy;
  /** Sends the ownership challenge to the receiver. */
  readonly sender: WebhookSender;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * `POST /webhooks`: the webhook with its secret, the only time the secret is shown, once
 * its receiver has echoed the ownership challenge (signed with that same secret).
 */
export async function registerWebhook(
  deps: RegisterDeps,
  caller: Caller,
  body: unknown,
): Promise<StoredWebhook> {
  const parsed = parse(webhookInputSchema, body, 'webhook');
  if (parsed.author_id !== undefined && parsed.author_id !== caller.userId) {
    throw forbidden(
      'A webhook can only be registered for yourself: author_id is not your user id.',
    );
  }
  const input = { ...parsed, author_id: caller.userId };
  const problem = webhookUrlProblem(input.url, deps.policy);
  if (problem) {
    throw invalid('The webhook URL is not allowed.', [{ field: 'url', message: problem }]);
  }
  const now = deps.now ?? (() => new Date());
  const url = new URL(input.url).href;
  const secret = newWebhookSecret();
  const refused = await challengeReceiver(deps.sender, url, secret, now());
  if (refused) {
    throw invalid('The receiver did not prove it wants these callbacks.', [
      { field: 'url', message: refused },
    ]);
  }
  const created = now().toISOString();
  const webhook: StoredWebhook = {
    id: (deps.newId ?? randomUUID)(),
    author_id: input.author_id,
    url,
    events: input.events,
    created_at: created,
    state: 'active',
    consecutive_failures: 0,
    secret,
    verified_at: created,
  };
  // The limit is checked by the write itself: parallel registrations cannot pass it.
  if ((await deps.webhooks.create(webhook, limits.maxPerAuthor)) === 'limit_reached') {
    throw invalid(`An author may have at most ${limits.maxPerAuthor} webhooks.`, [
      { field: 'author_id', message: 'too many webhooks; delete one first' },
    ]);
  }
  return webhook;
}

/** `GET /webhooks`: the caller's own, without secrets (their URLs are theirs to know). */
export async function listWebhooks(
  webhooks: WebhookRepository,
  caller: Caller,
): Promise<{ items: Webhook[] }> {
  const items = await webhooks.listByAuthor(caller.userId);
  return { items: items.map(ownerView) };
}

/** What the owner sees of a stored webhook: all but its secret. */
export function ownerView(webhook: StoredWebhook): Webhook {
  return {
    id: webhook.id,
    author_id: webhook.author_id,
    url: webhook.url,
    events: webhook.events,
    created_at: webhook.created_at,
    state: webhook.state,
    consecutive_failures: webhook.consecutive_failures,
    ...(webhook.last_delivery_at ? { last_delivery_at: webhook.last_delivery_at } : {}),
    ...(webhook.disabled_reason ? { disabled_reason: webhook.disabled_reason } : {}),
  };
}

/** `DELETE /webhooks/{id}`: only by its owner. */
export async function deleteWebhook(
  webhooks: WebhookRepository,
  caller: Caller,
  id: unknown,
): Promise<void> {
  const webhookId = parse(z.uuid(), id, 'webhook id', 'id');
  const outcome = await webhooks.delete(webhookId, caller.userId);
  if (outcome === 'not_found') throw notFound(`No webhook has the id ${webhookId}.`);
  if (outcome === 'not_owner') throw forbidden('Only the owner of a webhook may delete it.');
}
