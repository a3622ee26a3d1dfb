import { WebhooksTable } from '../adapters/webhooks-table';
import { listWebhooks } from '../domain/webhook';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const webhooks = WebhooksTable.forFunction('listWebhooks');

export const handler = httpHandler('listWebhooks', async (event) =>
  json(200, await listWebhooks(webhooks, callerOf(event))),
);
