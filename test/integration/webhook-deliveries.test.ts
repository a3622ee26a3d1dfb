import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { LocalSecretBox } from '../../functions/adapters/secret-boxes';
import { WebhookDeliveriesTable } from '../../functions/adapters/webhook-deliveries-table';
import { WebhooksTable } from '../../functions/adapters/webhooks-table';
import type { DeliveryRef } from '../../functions/domain/webhook-delivery';
import { functions } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

/** Delivery records and a webhook's health on dynalite: leases, pages, failing -> disabled. */
let table: Awaited<ReturnType<typeof localTable>>;
let deliveries: WebhookDeliveriesTable;
let webhooks: WebhooksTable;

beforeAll(async () => {
  table = await localTable();
  const db = documentClient(functions.webhookDeliveriesWorker.sdk);
  deliveries = new WebhookDeliveriesTable(db, table.tableName);
  webhooks = new WebhooksTable(db, table.tableName, new LocalSecretBox(randomBytes(32)), true);
});
afterAll(() => table.close());

const at = (seconds: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + seconds * 1000);

function refOf(webhookId: string, minute: number): DeliveryRef {
  const postId = randomUUID();
  return {
    webhookId,
    deliveryId: `notifications:${postId}/${webhookId}`,
    postId,
    eventAt: at(minute * 60).toISOString(),
  };
}

async function newWebhook(author = `owner-${randomUUID().slice(0, 8)}`) {
  const id = randomUUID();
  const created = at(0).toISOString();
  await webhooks.create(
    {
      id,
      author_id: author,
      url: 'https://hooks.example.com/',
      events: ['post.created'],
      created_at: created,
      state: 'active',
      consecutive_failures: 0,
      secret: 'whsec_test',
      verified_at: created,
    },
    10,
  );
  return { id, author };
}

describe('webhook deliveries (dynalite)', () => {
  it('opens a delivery once, however many runs open it', async () => {
    const ref = refOf(randomUUID(), 0);
    const first = await deliveries.open({ ref, event: 'post.created', at: at(0) });
    expect(first).toMatchObject({ id: ref.deliveryId, state: 'pending', attempts: 0 });
    const lease = await deliveries.begin(ref, 30, at(1));
    expect(lease).toMatchObject({ state: 'acquired', attempts: 1 });
    // A second run of the fan-out finds it as it stands: attempted, so not queued again.
    expect(await deliveries.open({ ref, event: 'post.created', at: at(5) })).toMatchObject({
      state: 'pending',
      attempts: 1,
    });
  });

  it('lets one attempt run at a time, and none once the delivery is settled', async () => {
    const ref = refOf(randomUUID(), 0);
    await deliveries.open({ ref, event: 'post.created', at: at(0) });
    const first = await deliveries.begin(ref, 30, at(0));
    if (first.state !== 'acquired') throw new Error('not acquired');
    expect(await deliveries.begin(ref, 30, at(10))).toEqual({ state: 'busy', retryInSeconds: 20 });
    expect(
      await deliveries.settle(ref, first.token, {
        state: 'pending',
        at: at(11),
        status: 500,
        error: 'answered 500',
        nextAttemptAt: at(21),
      }),
    ).toBe(true);
    const second = await deliveries.begin(ref, 30, at(21));
    expect(second).toMatchObject({ state: 'acquired', attempts: 2 });
    if (second.state !== 'acquired') throw new Error('not acquired');
    // A stale token settles nothing.
    expect(await deliveries.settle(ref, first.token, { state: 'failed', at: at(22) })).toBe(false);
    await deliveries.settle(ref, second.token, { state: 'succeeded', at: at(22), status: 204 });
    const again = await deliveries.begin(ref, 30, at(23));
    expect(again).toMatchObject({
      state: 'finished',
      delivery: { state: 'succeeded', attempts: 2, last_status: 204 },
    });
    // The last attempt's outcome only: the earlier error and next attempt are gone.
    if (again.state !== 'finished') throw new Error('not finished');
    expect(again.delivery.last_error).toBeUndefined();
    expect(again.delivery.next_attempt_at).toBeUndefined();
  });

  it('says so when there is no such delivery', async () => {
    expect(await deliveries.begin(refOf(randomUUID(), 0), 30, at(0))).toEqual({
      state: 'missing',
    });
  });

  it('lets a redriven message resume a delivery given up on, never one that succeeded', async () => {
    const ref = refOf(randomUUID(), 0);
    await deliveries.open({ ref, event: 'post.created', at: at(0) });
    await deliveries.abandon(ref, at(1), 'gave up after 10 deliveries: the table was down');
    const [abandoned] = (await deliveries.list(ref.webhookId, 10)).items;
    expect(abandoned).toMatchObject({
      state: 'failed',
      last_error: expect.stringContaining('gave up'),
    });
    const resumed = await deliveries.begin(ref, 30, at(2));
    expect(resumed).toMatchObject({ state: 'acquired', attempts: 1 });
  });

  it("lists a webhook's deliveries newest first, page by page", async () => {
    const webhookId = randomUUID();
    const refs = [0, 1, 2, 3, 4].map((minute) => refOf(webhookId, minute));
    for (const ref of refs) await deliveries.open({ ref, event: 'post.created', at: at(0) });
    await deliveries.open({ ref: refOf(randomUUID(), 9), event: 'post.created', at: at(0) });

    const first = await deliveries.list(webhookId, 3);
    expect(first.items.map((d) => d.post_id)).toEqual(
      [refs[4], refs[3], refs[2]].map((r) => r?.postId),
    );
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await deliveries.list(webhookId, 3, first.next_cursor);
    expect(second.items.map((d) => d.post_id)).toEqual([refs[1], refs[0]].map((r) => r?.postId));
    // A cursor of another webhook's list is refused, not followed.
    await expect(deliveries.list(randomUUID(), 3, first.next_cursor)).rejects.toMatchObject({
      kind: 'invalid',
    });
  });
});

describe("a webhook's health (dynalite)", () => {
  it('is failing after a failed attempt, disabled after N failed deliveries in a row, active once enabled', async () => {
    const { id, author } = await newWebhook();
    expect(await webhooks.get(id)).toMatchObject({ state: 'active', consecutive_failures: 0 });
    await webhooks.attemptFailed(id, at(1));
    expect(await webhooks.get(id)).toMatchObject({
      state: 'failing',
      consecutive_failures: 0,
      last_delivery_at: at(1).toISOString(),
    });
    expect(await webhooks.deliveryFailed(id, at(2), 3, 'three in a row')).toBe('failing');
    // A success in between starts the count again.
    await webhooks.deliverySucceeded(id, at(3));
    expect(await webhooks.get(id)).toMatchObject({ state: 'active', consecutive_failures: 0 });
    expect(await webhooks.deliveryFailed(id, at(4), 3, 'three in a row')).toBe('failing');
    expect(await webhooks.deliveryFailed(id, at(5), 3, 'three in a row')).toBe('failing');
    expect(await webhooks.deliveryFailed(id, at(6), 3, 'three in a row')).toBe('disabled');
    expect(await webhooks.get(id)).toMatchObject({
      state: 'disabled',
      consecutive_failures: 3,
      disabled_reason: 'three in a row',
    });
    // Nothing but its owner brings it back: not a late success, not another failure.
    await webhooks.deliverySucceeded(id, at(7));
    expect(await webhooks.deliveryFailed(id, at(8), 3, 'again')).toBe('disabled');
    expect(await webhooks.get(id)).toMatchObject({ state: 'disabled', consecutive_failures: 3 });
    // It is listed with its health too (the author index carries it).
    expect((await webhooks.listByAuthor(author))[0]).toMatchObject({
      state: 'disabled',
      disabled_reason: 'three in a row',
    });

    expect(await webhooks.enable(id, 'someone-else', at(9))).toBe('not_owner');
    expect(await webhooks.enable(randomUUID(), author, at(9))).toBe('not_found');
    expect(await webhooks.enable(id, author, at(9))).toBe('enabled');
    const enabled = await webhooks.get(id);
    expect(enabled).toMatchObject({
      state: 'active',
      consecutive_failures: 0,
      verified_at: at(9).toISOString(),
    });
    expect(enabled?.disabled_reason).toBeUndefined();
  });

  it('counts nothing on a deleted webhook', async () => {
    const { id, author } = await newWebhook();
    await webhooks.delete(id, author);
    expect(await webhooks.deliveryFailed(id, at(1), 3, 'gone')).toBeUndefined();
    expect(await webhooks.get(id)).toBeUndefined();
  });
});
