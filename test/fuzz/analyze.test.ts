import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../lib/description';
import { analyzeRequestSchema } from '../../functions/domain/text-jobs';
import {
  badRequests,
  expectProblem,
  forEvery,
  nextUser,
  RUNS,
  send,
  writesNothing,
  FUZZ_TEST,
} from '../support/fuzz-requests';
import { inProcessApi, type InProcessApi } from '../support/in-process-api';
import { schemaArbitraries } from '../support/schema-arbitraries';

/**
 * POST /analyze under requests generated from its request schema, as in
 * post-routes.test.ts: valid texts are queued (202), invalid requests get a 4xx
 * problem+json naming the field and record no job.
 */
let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.close());

// The text's bounds count characters, not UTF-16 units: a refinement JSON Schema cannot carry.
const texts = schemaArbitraries(analyzeRequestSchema, {
  extra: {
    text: { minLength: service.jobs.text.minChars, maxLength: service.jobs.text.maxChars },
  },
});

describe('POST /analyze', () => {
  it(`accepts ${RUNS} valid texts`, FUZZ_TEST, async () => {
    await forEvery(texts.valid, async (body) => {
      const answer = await send(api, 'analyzeText', {
        method: 'POST',
        resource: '/analyze',
        user: nextUser(),
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
      expect(answer.statusCode, answer.body).toBe(202);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'queued' });
    });
  });

  it(
    `refuses ${RUNS} invalid ones with a 4xx naming the field, writing nothing`,
    FUZZ_TEST,
    async () => {
      await writesNothing(api, () =>
        forEvery(
          badRequests(analyzeRequestSchema, texts, service.jobs.text.maxBodyBytes),
          async (bad) => {
            const answer = await send(api, 'analyzeText', {
              method: 'POST',
              resource: '/analyze',
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
