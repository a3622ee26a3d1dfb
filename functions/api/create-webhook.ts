import { HttpWebhookSender } from '../adapters/http-webhook-sender';
import { webhookUrlPolicy } from '../adapters/webhook-url-policy';
import { WebhooksTable } from '../adapters/webhooks-table';
import { registerWebhook } from '../domain/webhook';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { jsonBody } from '../http/json-body';
import { withSignal } from '../pipeline/with-signal';

const policy = webhookUrlPolicy();
const deps = {
  webhooks: WebhooksTable.forFunction('createWebhook'),
  policy,
  // The ownership challenge goes out under the same egress rules as every delivery.
  sender: new HttpWebhookSender(policy),
};

export const handler = httpHandler('createWebhook', async (event, { signal }) => {
  const webhook = await registerWebhook(withSignal(deps, signal), callerOf(event), jsonBody(event));
  // The only answer that carries the secret: the owner keeps it to verify signatures.
  return json(201, webhook, { location: `/webhooks/${webhook.id}`, 'cache-control': 'no-store' });
});
