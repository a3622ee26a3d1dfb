import { WebhooksTable } from '../adapters/webhooks-table';
import { deleteWebhook } from '../domain/webhook';
import { callerOf } from '../http/authorized-caller';
import { noContent } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { bindSignal } from '../pipeline/with-signal';

const webhooks = WebhooksTable.forFunction('deleteWebhook');

export const handler = httpHandler('deleteWebhook', async (event, { signal }) => {
  await deleteWebhook(bindSignal(webhooks, signal), callerOf(event), event.pathParameters?.id);
  return noContent();
});
