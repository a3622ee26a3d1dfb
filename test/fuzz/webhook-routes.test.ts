import fc from 'fast-check';
import type * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../lib/description';
import { webhookInputSchema } from '../../functions/domain/webhook';
import {
  badRequests,
  expectProblem,
  forEvery,
  nextUser,
  RUNS,
  send,
  uniqueAuthor,
  writesNothing,
  refusesBadIds,
  FUZZ_TEST,
} from '../support/fuzz-requests';
import { inProcessApi, type InProcessApi } from '../support/in-process-api';
import { schemaArbitraries } from '../support/schema-arbitraries';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * POST /webhooks and DELETE /webhooks/{id} under requests generated from the request
 * schema, as in post-routes.test.ts. A valid registration also needs a receiver that
 * echoes the ownership challenge: one on loopback, which the local runtime allows.
 */
let api: InProcessApi;
let receiver: WebhookReceiver;
beforeAll(async () => {
  api = await inProcessApi();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await api?.close();
});

// The schema bounds the URL's length only; a valid one must also reach the receiver:
// its URL with a generated path and query.
const receiverUrls = fc
  .tuple(fc.webPath(), fc.option(fc.webQueryParameters()))
  .map(([path, query]) => `${receiver.url}${path}${query === null ? '' : `?${query}`}`)
  .filter((url) => url.length <= service.jobs.webhooks.urlMaxChars);
const hooks = schemaArbitraries(webhookInputSchema, {
  overrides: { url: fc.constant(null).chain(() => receiverUrls) },
});

describe('POST /webhooks', () => {
  it(`accepts ${RUNS} valid registrations`, FUZZ_TEST, async () => {
    await forEvery(hooks.valid, async (generated) => {
      const body = { ...(generated as z.input<typeof webhookInputSchema>) };
      if (body.author_id !== undefined) body.author_id = uniqueAuthor(body.author_id);
      const user = body.author_id ?? nextUser();
      const answer = await send(api, 'createWebhook', {
        method: 'POST',
        resource: '/webhooks',
        user,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
      expect(answer.statusCode, answer.body).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({
        url: new URL(body.url).href,
        events: [...new Set(body.events)],
        author_id: user,
      });
    });
  });

  it(
    `refuses ${RUNS} invalid ones with a 4xx naming the field, writing nothing`,
    FUZZ_TEST,
    async () => {
      await writesNothing(api, () =>
        forEvery(
          badRequests(webhookInputSchema, hooks, service.limits.maxBodyBytes),
          async (bad) => {
            const answer = await send(api, 'createWebhook', {
              method: 'POST',
              resource: '/webhooks',
              user: nextUser(),
              body: bad.body,
              contentType: bad.contentType,
            });
            expectProblem(answer, bad.why, bad.field);
          },
        ),
      );
    },
  );
});

describe('DELETE /webhooks/{id}', () => {
  it(
    `refuses ${RUNS} ids that are not UUIDs with a 400 naming the id, deleting nothing`,
    FUZZ_TEST,
    async () => {
      await refusesBadIds(api, 'deleteWebhook', '/webhooks/{id}');
    },
  );
});
