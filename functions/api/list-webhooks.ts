import { WebhooksTable } from '../adapters/webhooks-table';
import { listWebhooks } from '../domain/webhook';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { bindSignal } from '../pipeline/with-signal';

const webhooks = WebhooksTable.forFunction('listWebhooks');

export const handler = httpHandler('listWebhooks', async (event, { signal }) =>
  json(200, await listWebhooks(bindSignal(webhooks, signal), callerOf(event))),
);
