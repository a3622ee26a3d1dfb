import { WebhookDeliveriesTable } from '../adapters/webhook-deliveries-table';
import { WebhooksTable } from '../adapters/webhooks-table';
import { listWebhookDeliveries } from '../domain/webhook-deliveries';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { withSignal } from '../pipeline/with-signal';

const deps = {
  webhooks: WebhooksTable.forFunction('listWebhookDeliveries'),
  deliveries: WebhookDeliveriesTable.forFunction('listWebhookDeliveries'),
};

export const handler = httpHandler('listWebhookDeliveries', async (event, { signal }) =>
  json(
    200,
    await listWebhookDeliveries(
      withSignal(deps, signal),
      callerOf(event),
      event.pathParameters?.id,
      event.queryStringParameters ?? {},
    ),
  ),
);
