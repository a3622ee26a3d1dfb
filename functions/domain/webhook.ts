import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { service } from '../../lib/service';
import { invalid, notFound } from './errors';
import { authorIdSchema, parse } from './post-input';
import { newWebhookSecret } from './webhook-signature';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url';

const { webhooks: limits } = service.jobs;

export type WebhookEvent = (typeof limits.events)[number];

/** A webhook as its owner sees it (the secret only once, at registration). */
export interface Webhook {
  readonly id: string;
  readonly author_id: string;
  readonly url: string;
  readonly events: readonly WebhookEvent[];
  readonly created_at: string;
}

export interface StoredWebhook extends Webhook {
  readonly secret: string;
}

export interface WebhookRepository {
  create(webhook: StoredWebhook): Promise<void>;
  /** Newest first, with their secrets (the notification worker signs with them). */
  listByAuthor(authorId: string): Promise<StoredWebhook[]>;
  /** False when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}

const webhookInputSchema = z.strictObject({
  author_id: authorIdSchema,
  url: z.string().min(1).max(limits.urlMaxChars),
  events: z
    .array(z.enum(limits.events))
    .min(1)
    .transform((events) => [...new Set(events)]),
});

export interface RegisterDeps {
  readonly webhooks: WebhookRepository;
  readonly policy: UrlPolicy;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** `POST /webhooks`: the webhook with its secret, the only time the secret is shown. */
export async function registerWebhook(deps: RegisterDeps, body: unknown): Promise<StoredWebhook> {
  const input = parse(webhookInputSchema, body, 'webhook');
  const problem = webhookUrlProblem(input.url, deps.policy);
  if (problem) {
    throw invalid('The webhook URL is not allowed.', [{ field: 'url', message: problem }]);
  }
  const existing = await deps.webhooks.listByAuthor(input.author_id);
  if (existing.length >= limits.maxPerAuthor) {
    throw invalid(`An author may have at most ${limits.maxPerAuthor} webhooks.`, [
      { field: 'author_id', message: 'too many webhooks; delete one first' },
    ]);
  }
  const webhook: StoredWebhook = {
    id: (deps.newId ?? randomUUID)(),
    author_id: input.author_id,
    url: new URL(input.url).href,
    events: input.events,
    created_at: (deps.now ?? (() => new Date()))().toISOString(),
    secret: newWebhookSecret(),
  };
  await deps.webhooks.create(webhook);
  return webhook;
}

/** `GET /webhooks?author_id=`: without secrets. */
export async function listWebhooks(
  webhooks: WebhookRepository,
  query: Readonly<Record<string, string | undefined>>,
): Promise<{ items: Webhook[] }> {
  const { author_id } = parse(z.strictObject({ author_id: authorIdSchema }), query, 'query');
  const items = await webhooks.listByAuthor(author_id);
  return { items: items.map(({ secret: _secret, ...webhook }) => webhook) };
}

/** `DELETE /webhooks/{id}`. */
export async function deleteWebhook(webhooks: WebhookRepository, id: unknown): Promise<void> {
  const webhookId = parse(z.uuid(), id, 'webhook id');
  if (!(await webhooks.delete(webhookId))) throw notFound(`No webhook has the id ${webhookId}.`);
}
