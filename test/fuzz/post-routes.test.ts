import fc from 'fast-check';
import type * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../lib/description';
import { newPostSchema } from '../../functions/domain/post-input';
import { uploadRequestSchema } from '../../functions/domain/request-media-upload';
import {
  badIds,
  badRequests,
  expectProblem,
  FORBIDDEN_CHARACTERS,
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

/**
 * POST /posts, POST /posts/{id}/media and DELETE /posts/{id} under requests generated
 * from their request schemas (fast-check, schema-arbitraries.ts), through the deployed
 * handlers against dynalite, the local S3 and SQS (in-process-api.ts): valid ones are
 * accepted; invalid ones (a field of the wrong type, missing, too long, out of its
 * pattern or enum, holding a character the text policy refuses, unknown; a body that is
 * not an object, not JSON, too large or of another content type; an id that is not one)
 * get a 4xx problem+json naming the field, never a 5xx, and write nothing.
 */
let api: InProcessApi;
beforeAll(async () => {
  api = await inProcessApi();
});
afterAll(() => api?.close());

const posts = schemaArbitraries(newPostSchema, {
  textPolicy: { fields: ['content', 'tags/*'], forbidden: FORBIDDEN_CHARACTERS },
});
const created: { id: string; user: string }[] = [];

describe('POST /posts', () => {
  it(`accepts ${RUNS} valid posts`, FUZZ_TEST, async () => {
    await forEvery(posts.valid, async (generated) => {
      const body = { ...(generated as z.infer<typeof newPostSchema>) };
      if (body.author_id !== undefined) body.author_id = uniqueAuthor(body.author_id);
      const user = body.author_id ?? nextUser();
      const answer = await send(api, 'createPost', {
        method: 'POST',
        resource: '/posts',
        user,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
      expect(answer.statusCode, answer.body).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({
        content: body.content,
        post_type: body.post_type,
        author_id: user,
        tags: body.tags ?? [],
      });
      created.push({ id: (JSON.parse(answer.body) as { id: string }).id, user });
    });
  });

  it(
    `refuses ${RUNS} invalid ones with a 4xx naming the field, writing nothing`,
    FUZZ_TEST,
    async () => {
      await writesNothing(api, () =>
        forEvery(badRequests(newPostSchema, posts, service.limits.maxBodyBytes), async (bad) => {
          const answer = await send(api, 'createPost', {
            method: 'POST',
            resource: '/posts',
            user: nextUser(),
            body: bad.body,
            contentType: bad.contentType,
          });
          expectProblem(answer, bad.why, bad.field);
        }),
      );
    },
  );
});

describe('POST /posts/{id}/media', () => {
  const uploads = schemaArbitraries(uploadRequestSchema);

  it(`accepts ${RUNS} valid upload requests for the caller's own posts`, FUZZ_TEST, async () => {
    expect(created.length).toBeGreaterThanOrEqual(RUNS);
    let next = 0;
    await forEvery(uploads.valid, async (body) => {
      const post = created[next++ % created.length];
      if (!post) throw new Error('no post');
      const answer = await send(api, 'requestMediaUpload', {
        method: 'POST',
        resource: '/posts/{id}/media',
        id: post.id,
        user: post.user,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
      expect(answer.statusCode, answer.body).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({ ...(body as object), post_id: post.id });
    });
  });

  it(
    `refuses ${RUNS} invalid bodies and ids with a 4xx naming the field, writing nothing`,
    FUZZ_TEST,
    async () => {
      const badBody = badRequests(uploadRequestSchema, uploads, service.limits.maxBodyBytes);
      const badId = fc.tuple(badIds, uploads.valid).map(([id, body]) => ({
        id,
        body: JSON.stringify(body),
        contentType: 'application/json',
        field: 'id',
        why: `id ${JSON.stringify(id)}`,
      }));
      const cases = fc.oneof(
        { weight: 4, arbitrary: fc.tuple(badBody, fc.uuid()).map(([bad, id]) => ({ ...bad, id })) },
        { weight: 1, arbitrary: badId },
      );
      await writesNothing(api, () =>
        forEvery(cases, async (bad) => {
          const answer = await send(api, 'requestMediaUpload', {
            method: 'POST',
            resource: '/posts/{id}/media',
            id: bad.id,
            user: nextUser(),
            body: bad.body,
            contentType: bad.contentType,
          });
          expectProblem(answer, bad.why, bad.field);
        }),
      );
    },
  );
});

describe('DELETE /posts/{id}', () => {
  it(
    `refuses ${RUNS} ids that are not UUIDs with a 400 naming the id, deleting nothing`,
    FUZZ_TEST,
    async () => {
      await refusesBadIds(api, 'deletePost', '/posts/{id}');
    },
  );
});
