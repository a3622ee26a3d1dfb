import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../lib/description';
import type { LocalCloud } from '../../local/local-cloud';
import { eventually } from '../support/eventually';
import { dimensions, formUpload, image } from '../support/media-fixtures';
import type { components } from '../../lib/contract/openapi-types';
import { typedApiWithToken } from '../support/typed-api';
import { workersCloud } from '../support/shared-clouds';

/**
 * Media over HTTP, as `npm run dev` serves it: the API hands out a presigned
 * POST, the client uploads straight to the local S3, which refuses what the
 * policy does not allow; the upload's S3 event goes to the media queue, whose
 * event source runs the media worker (its real bundle, in its Lambda pool), and
 * GET /posts/{id} shows the outcome. POST /posts queues the share card's image job.
 */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await workersCloud();
});

type Schemas = components['schemas'];
/** An upload as its author reads it, with what GET /posts/{id} shows anyone of it (when ready). */
type Upload = Schemas['PostProcessing']['uploads'][number] &
  Partial<Schemas['PostDetails']['media'][number]>;

/** The typed client, contract-checked, signed in as `user` if given. */
const api = (token?: string) => typedApiWithToken(cloud.url, token);
const as = async (user?: string) => api(user && (await cloud.issuer.token(user)));

async function newPost(author: string, content = 'Pictures, over HTTP'): Promise<string> {
  const created = await (
    await as(author)
  ).POST('/posts', { body: { content, post_type: 'announcement' } });
  expect(created.response.status).toBe(201);
  return created.data?.id ?? '';
}

async function ticket(
  postId: string,
  contentType: Schemas['MediaUploadRequest']['content_type'],
  size: number,
  author: string,
) {
  const answer = await (
    await as(author)
  ).POST('/posts/{id}/media', {
    params: { path: { id: postId } },
    body: { content_type: contentType, size },
  });
  expect(answer.response.status, JSON.stringify(answer.error)).toBe(201);
  if (!answer.data) throw new Error('no upload ticket');
  return answer.data;
}

/** The post's uploads, their states and reasons, as its author reads them. */
async function processingOf(postId: string, author: string) {
  const answer = await (
    await as(author)
  ).GET('/posts/{id}/processing', { params: { path: { id: postId } } });
  expect(answer.response.status).toBe(200);
  if (!answer.data) throw new Error('no processing report');
  return answer.data;
}
const uploadsOf = async (postId: string, author: string) =>
  (await processingOf(postId, author)).uploads;
const viewOf = async (postId: string) =>
  (await api().GET('/posts/{id}', { params: { path: { id: postId } } })).data;

/**
 * Polls the author's GET /posts/{id}/processing until the upload is no longer pending (the
 * worker runs beside the request), for as long as the test allows (a cold worker on a loaded
 * machine is slow, not wrong); then its state and reason, and what GET /posts/{id} shows
 * anyone of it (its links, when ready).
 */
async function settled(postId: string, mediaId: string, author: string): Promise<Upload> {
  const upload = await eventually(async () => {
    const listed = (await uploadsOf(postId, author)).find((m) => m.id === mediaId);
    if (listed === undefined || listed.state === 'pending')
      throw new Error(`media ${mediaId} still ${listed?.state ?? 'missing'}`);
    return listed;
  });
  const view = await viewOf(postId);
  return { ...upload, ...view?.media.find((m) => m.id === mediaId) };
}

describe('media over HTTP', () => {
  it('presign, upload a real PNG, and GET /posts/{id} shows the web version and thumbnail ready', async () => {
    const author = `pics-${randomUUID().slice(0, 8)}`;
    const postId = await newPost(author);
    const png = await image(3000, 2000, 'png');
    const t = await ticket(postId, 'image/png', png.length, author);
    expect(t.upload.url.startsWith(cloud.s3Endpoint)).toBe(true);
    const expiresIn = Date.parse(t.upload.expires_at) - Date.now();
    expect(expiresIn).toBeLessThanOrEqual(service.media.uploadUrlTtlSeconds * 1000);
    expect(expiresIn).toBeGreaterThan((service.media.uploadUrlTtlSeconds - 60) * 1000);

    expect((await formUpload(t, png)).status).toBe(204);
    const media = await settled(postId, t.id, author);
    expect(media.state).toBe('ready');
    expect(media.web).toMatchObject({ width: 1600, height: 1067 });
    expect(media.thumbnail).toMatchObject({ width: 320, height: 320 });
    for (const [link, size] of [
      [media.web, { width: 1600, height: 1067 }],
      [media.thumbnail, { width: 320, height: 320 }],
    ] as const) {
      const fetched = await fetch(link?.url ?? '');
      expect(fetched.status).toBe(200);
      expect(await dimensions(Buffer.from(await fetched.arrayBuffer()))).toEqual({
        format: 'webp',
        ...size,
      });
    }
    // The download URL is signed for that object only.
    const forged = await fetch((media.web?.url ?? '').replace('web.webp', 'thumb.webp'));
    expect(forged.status).toBe(403);
  });

  it('is refused by the storage itself when over the declared size or of another type', async () => {
    const author = `limits-${randomUUID().slice(0, 8)}`;
    const postId = await newPost(author);
    const png = await image(200, 200, 'png');
    const t = await ticket(postId, 'image/png', png.length, author);

    const larger = Buffer.concat([png, Buffer.alloc(1)]);
    const tooBig = await formUpload(t, larger);
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('<Code>EntityTooLarge</Code>');

    const html = await formUpload(t, png, { 'Content-Type': 'text/html' });
    expect(html.status).toBe(403);
    expect(html.text).toContain('Invalid according to Policy: Policy Condition failed');

    const elsewhere = await formUpload(t, png, { key: `uploads/${postId}/${randomUUID()}` });
    expect(elsewhere.status).toBe(403);

    // Nothing reached the bucket, so the media is still waiting for its upload.
    expect((await uploadsOf(postId, author)).map((m) => m.state)).toEqual(['pending']);
    // And the API refuses to presign more than the limit in the first place.
    const huge = await (
      await as(author)
    ).POST('/posts/{id}/media', {
      params: { path: { id: postId } },
      body: { content_type: 'image/png', size: service.media.maxUploadBytes + 1 },
    });
    expect(huge.response.status).toBe(400);
  });

  it('ends rejected when the bytes are not the declared image type', async () => {
    const author = `fake-${randomUUID().slice(0, 8)}`;
    const postId = await newPost(author);
    const jpeg = await image(300, 200, 'jpeg');
    const t = await ticket(postId, 'image/webp', jpeg.length, author);
    expect((await formUpload(t, jpeg)).status).toBe(204);
    const media = await settled(postId, t.id, author);
    expect(media.state).toBe('rejected');
    expect(media.reason).toBe('the bytes are a JPEG image, not the declared WebP');
    expect(media.web).toBeUndefined();
  });

  it("only the post's author may add images", async () => {
    const postId = await newPost(`owner-${randomUUID().slice(0, 8)}`);
    const upload = {
      params: { path: { id: postId } },
      body: { content_type: 'image/png', size: 100 },
    } as const;
    const intruder = await (await as('intruder')).POST('/posts/{id}/media', upload);
    expect(intruder.response.status).toBe(403);
    expect((await api().POST('/posts/{id}/media', upload)).response.status).toBe(401);
  });

  it('draws the share card of a new post: a valid PNG of the card size, linked from the post', async () => {
    const author = `card-${randomUUID().slice(0, 8)}`;
    const postId = await newPost(author, 'A share card for this post.');
    // POST /posts put the image job on its queue; the image worker draws the card.
    // The worker links the card, then marks its job done: wait for the second, polling the API
    // as a client would (the worker's progress is only visible there).
    await eventually(async () =>
      expect((await processingOf(postId, author)).jobs.image, 'the image job never ended').toBe(
        'done',
      ),
    );
    const view = await viewOf(postId);
    expect(view?.share_card).toMatchObject(service.media.shareCard);
    const png = Buffer.from(await (await fetch(view?.share_card?.url ?? '')).arrayBuffer());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(await dimensions(png)).toEqual({ format: 'png', ...service.media.shareCard });
  });
});
