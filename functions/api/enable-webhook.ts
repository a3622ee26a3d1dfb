import { HttpWebhookSender } from '../adapters/http-webhook-sender';
import { webhookUrlPolicy } from '../adapters/webhook-url-policy';
import { WebhooksTable } from '../adapters/webhooks-table';
import { enableWebhook } from '../domain/enable-webhook';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { withSignal } from '../pipeline/with-signal';

const policy = webhookUrlPolicy();
const deps = {
  webhooks: WebhooksTable.forFunction('enableWebhook'),
  policy,
  // The new ownership challenge goes out under the same egress rules as every delivery.
  sender: new HttpWebhookSender(policy),
};

export const handler = httpHandler('enableWebhook', async (event, { signal }) =>
  json(
    200,
    await enableWebhook(withSignal(deps, signal), callerOf(event), event.pathParameters?.id),
  ),
);
