import * as z from 'zod/mini';
import { jobs } from '../../lib/description/limits';
import type { Caller } from './caller';
import { forbidden, notFound } from './errors';
import { parse } from './post-input';
import type { WebhookRepository } from './webhook';
import type { DeliveryPage, DeliveryRepository } from './webhook-delivery';

const { deliveriesPage } = jobs.webhooks;

export const deliveriesQuerySchema = z.strictObject({
  limit: z._default(
    z.coerce.number().check(z.int(), z.gte(1), z.lte(deliveriesPage.maxLimit)),
    deliveriesPage.defaultLimit,
  ),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

export interface DeliveriesDeps {
  readonly webhooks: Pick<WebhookRepository, 'get'>;
  readonly deliveries: Pick<DeliveryRepository, 'list'>;
}

/**
 * `GET /webhooks/{id}/deliveries`: the webhook's deliveries, newest first, to its owner
 * only (what was sent, what the receiver answered, what comes next).
 */
export async function listWebhookDeliveries(
  deps: DeliveriesDeps,
  caller: Caller,
  id: unknown,
  query: Readonly<Record<string, string | undefined>>,
): Promise<DeliveryPage> {
  const webhookId = parse(z.uuid(), id, 'webhook id');
  const q = parse(deliveriesQuerySchema, query, 'query');
  const webhook = await deps.webhooks.get(webhookId);
  if (!webhook) throw notFound(`No webhook has the id ${webhookId}.`);
  if (webhook.author_id !== caller.userId) {
    throw forbidden('Only the owner of a webhook may read its deliveries.');
  }
  return deps.deliveries.list(webhookId, q.limit, q.cursor);
}
