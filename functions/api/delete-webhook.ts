import { WebhooksTable } from '../adapters/webhooks-table';
import { deleteWebhook } from '../domain/webhook';
import { callerOf } from '../http/authorized-caller';
import { noContent } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const webhooks = WebhooksTable.forFunction('deleteWebhook');

export const handler = httpHandler('deleteWebhook', async (event) => {
  await deleteWebhook(webhooks, callerOf(event), event.pathParameters?.id);
  return noContent();
});
