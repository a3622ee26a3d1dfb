import { WebhooksTable } from '../adapters/webhooks-table';
import { deleteWebhook } from '../domain/webhook';
import { noContent } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const webhooks = WebhooksTable.forFunction('deleteWebhook');

export const handler = httpHandler('deleteWebhook', async (event) => {
  await deleteWebhook(webhooks, event.pathParameters?.id);
  return noContent();
});
