import * as z from 'zod/mini';
import type { Caller } from './caller';
import { forbidden, invalid, notFound } from './errors';
import type { WebhookSender } from './notify-subscribers';
import { parse } from './post-input';
import { ownerView, type Webhook, type WebhookHealth, type WebhookRepository } from './webhook';
import { challengeReceiver } from './webhook-challenge';
import { webhookUrlProblem, type UrlPolicy } from './webhook-url';

export interface EnableDeps {
  readonly webhooks: Pick<WebhookRepository, 'get'> & Pick<WebhookHealth, 'enable'>;
  readonly policy: UrlPolicy;
  readonly sender: WebhookSender;
  readonly now?: () => Date;
}

/**
 * `POST /webhooks/{id}/enable`: its owner makes it `active` again, with no failures counted.
 * The receiver must first echo a new ownership challenge, signed with the webhook's secret, as
 * at registration: a URL that failed long enough to be disabled may have changed hands (an
 * expired domain), and its new holder must not start getting the owner's posts. Deliveries
 * that were due while it was disabled are not sent again; the next post's are.
 */
export async function enableWebhook(
  deps: EnableDeps,
  caller: Caller,
  id: unknown,
): Promise<Webhook> {
  const webhookId = parse(z.uuid(), id, 'webhook id');
  const webhook = await deps.webhooks.get(webhookId);
  if (!webhook) throw notFound(`No webhook has the id ${webhookId}.`);
  if (webhook.author_id !== caller.userId) {
    throw forbidden('Only the owner of a webhook may enable it.');
  }
  const problem = webhookUrlProblem(webhook.url, deps.policy);
  if (problem) {
    throw invalid('The webhook URL is no longer allowed: delete it and register another.', [
      { field: 'url', message: problem },
    ]);
  }
  const now = deps.now ?? (() => new Date());
  const refused = await challengeReceiver(deps.sender, webhook.url, webhook.secret, now());
  if (refused) {
    throw invalid('The receiver did not prove it still wants these callbacks.', [
      { field: 'url', message: refused },
    ]);
  }
  const at = now();
  const outcome = await deps.webhooks.enable(webhookId, caller.userId, at);
  // Deleted (or not theirs) between the read and the write.
  if (outcome === 'not_found') throw notFound(`No webhook has the id ${webhookId}.`);
  if (outcome === 'not_owner') throw forbidden('Only the owner of a webhook may enable it.');
  return ownerView({
    ...webhook,
    state: 'active',
    consecutive_failures: 0,
    disabled_reason: undefined,
  });
}
