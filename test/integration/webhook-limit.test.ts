import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { LocalSecretBox } from '../../functions/adapters/secret-boxes';
import { WebhooksTable } from '../../functions/adapters/webhooks-table';
import type { WebhookSender } from '../../functions/domain/notify-subscribers';
import { deleteWebhook, registerWebhook } from '../../functions/domain/webhook';
import { functions, jobs } from '../../lib/description';
import { localTable } from '../support/local-dynamodb';

/** The per-author webhook limit holds under concurrency: a conditional counter (dynalite). */
let table: Awaited<ReturnType<typeof localTable>>;
let webhooks: WebhooksTable;

beforeAll(async () => {
  table = await localTable();
  webhooks = new WebhooksTable(
    documentClient(functions.createWebhook.sdk),
    table.tableName,
    new LocalSecretBox(randomBytes(32)),
  );
});
afterAll(() => table.close());

const policy = { allowLoopback: false } as const;
/** A receiver that wants the callbacks: it echoes every ownership challenge. */
const sender: WebhookSender = {
  post: async (_url, body) => ({
    ok: true,
    status: 200,
    body: (JSON.parse(body) as { challenge: string }).challenge,
  }),
};
const register = (author: string) =>
  registerWebhook(
    { webhooks, policy, sender },
    { userId: author },
    {
      url: 'https://hooks.example.com/',
      events: ['post.created'],
    },
  ).then(
    (hook) => ({ ok: true as const, id: hook.id }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('the webhook limit per author', () => {
  it('leaves 10 at most after 15 parallel registrations, and a delete frees a slot', async () => {
    const { maxPerAuthor } = jobs.webhooks;
    const author = `racer-${randomUUID().slice(0, 8)}`;
    const results = await Promise.all(Array.from({ length: 15 }, () => register(author)));
    const created = results.filter((r) => r.ok);
    expect(created).toHaveLength(maxPerAuthor);
    expect(await webhooks.listByAuthor(author)).toHaveLength(maxPerAuthor);

    const first = created[0];
    if (!first?.ok) throw new Error('none created');
    await deleteWebhook(webhooks, { userId: author }, first.id);
    expect((await register(author)).ok).toBe(true);
    expect((await register(author)).ok).toBe(false);
    expect(await webhooks.listByAuthor(author)).toHaveLength(maxPerAuthor);
  });
});
