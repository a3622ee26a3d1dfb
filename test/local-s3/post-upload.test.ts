import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { BUCKET, startLocalS3, xmlError, type LocalS3 } from './harness';

/** A browser-style form: the presigned fields in order, extra fields, then the file, then trailing fields. */
async function upload(
  post: PresignedPost,
  file: Buffer,
  options: {
    override?: Record<string, string>;
    extra?: Record<string, string>;
    after?: Record<string, string>;
    omit?: string[];
    filename?: string;
  } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...post.fields, ...options.override })) {
    if (!options.omit?.includes(name)) form.append(name, value);
  }
  for (const [name, value] of Object.entries(options.extra ?? {})) form.append(name, value);
  form.append('file', new Blob([file]), options.filename ?? 'photo.png');
  for (const [name, value] of Object.entries(options.after ?? {})) form.append(name, value);
  const response = await fetch(post.url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, error: xmlError(text) };
}

function presign(
  local: LocalS3,
  key = 'uploads/p1/m1',
  expires = 60,
  extraConditions: unknown[] = [],
) {
  return createPresignedPost(local.s3, {
    Bucket: BUCKET,
    Key: key,
    Conditions: [
      ['content-length-range', 10, 100],
      ['eq', '$Content-Type', 'image/png'],
      ...(extraConditions as never[]),
    ],
    Fields: { 'Content-Type': 'image/png' },
    Expires: expires,
  });
}

const bytes = (n: number) => Buffer.alloc(n, 7);

describe('local S3 browser-form uploads (presigned POST)', () => {
  it('stores the file under the signed key with the signed type, answers 204 and emits ObjectCreated:Post', async () => {
    const local = await startLocalS3();
    const answer = await upload(await presign(local), bytes(50));
    expect(answer.status).toBe(204);
    expect(answer.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
    const head = await local.s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/p1/m1' }),
    );
    expect(head.ContentType).toBe('image/png');
    expect(head.ContentLength).toBe(50);
    await local.server.idle();
    const record = local.events.at(-1)?.Records[0];
    expect(record).toMatchObject({
      eventName: 'ObjectCreated:Post',
      eventSource: 'aws:s3',
      s3: {
        bucket: { name: BUCKET },
        object: { key: 'uploads/p1/m1', size: 50, eTag: answer.headers.get('etag')?.slice(1, -1) },
      },
    });
  });

  it('refuses a file over the range with EntityTooLarge and under it with EntityTooSmall, storing nothing', async () => {
    const local = await startLocalS3();
    const post = await presign(local);
    const large = await upload(post, bytes(101));
    expect(large.status).toBe(400);
    expect(large.error.code).toBe('EntityTooLarge');
    expect(large.text).toContain('<MaxSizeAllowed>100</MaxSizeAllowed>');
    const small = await upload(post, bytes(9));
    expect(small.error.code).toBe('EntityTooSmall');
    await expect(
      local.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'uploads/p1/m1' })),
    ).rejects.toThrow();
    await local.server.idle();
    expect(local.events).toHaveLength(0);
  });

  it('refuses another content type, another key, and a field no condition names', async () => {
    const local = await startLocalS3();
    const post = await presign(local);
    const type = await upload(post, bytes(20), { override: { 'Content-Type': 'text/html' } });
    expect(type.status).toBe(403);
    expect(type.error).toEqual({
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$Content-Type", "image/png"]',
    });
    const key = await upload(post, bytes(20), { override: { key: 'uploads/p1/other' } });
    expect(key.error).toEqual({
      code: 'AccessDenied',
      message:
        'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "uploads/p1/m1"]',
    });
    const extra = await upload(post, bytes(20), { extra: { 'x-amz-meta-owner': 'mallory' } });
    expect(extra.error).toEqual({
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Extra input fields: x-amz-meta-owner',
    });
    // x-ignore-* fields and anything after the file are not part of the request.
    const ignored = await upload(post, bytes(20), {
      extra: { 'x-ignore-note': 'hi' },
      after: { 'x-amz-meta-late': 'x' },
    });
    expect(ignored.status).toBe(204);
  });

  it('refuses an expired policy, a changed policy and a missing signature', async () => {
    const local = await startLocalS3();
    const post = await presign(local, 'uploads/p1/m1', 30);
    const policy = JSON.parse(Buffer.from(post.fields.Policy ?? '', 'base64').toString()) as {
      conditions: unknown[];
    };
    policy.conditions = policy.conditions.map((c) =>
      Array.isArray(c) && c[0] === 'content-length-range'
        ? ['content-length-range', 0, 10 ** 9]
        : c,
    );
    const widened = await upload(post, bytes(500), {
      override: { Policy: Buffer.from(JSON.stringify(policy)).toString('base64') },
    });
    expect(widened.error.code).toBe('SignatureDoesNotMatch');
    const unsigned = await upload(post, bytes(20), { omit: ['X-Amz-Signature'] });
    expect(unsigned.status).toBe(400);
    expect(unsigned.error.code).toBe('InvalidArgument');
    const anonymous = await upload(post, bytes(20), { omit: ['Policy', 'X-Amz-Signature'] });
    expect(anonymous.error.code).toBe('AccessDenied');

    local.clockOffsetMs = 31_000;
    const late = await upload(post, bytes(20));
    expect(late.error).toEqual({
      code: 'AccessDenied',
      message: 'Invalid according to Policy: Policy expired.',
    });
  });

  it('fills ${filename} and honours starts-with on the key, and answers 201 with XML when asked', async () => {
    const local = await startLocalS3();
    const post = await createPresignedPost(local.s3, {
      Bucket: BUCKET,
      Key: 'inbox/${filename}',
      Fields: { success_action_status: '201' },
      Expires: 60,
    });
    const answer = await upload(post, Buffer.from('hello'), { filename: 'note.txt' });
    expect(answer.status).toBe(201);
    expect(answer.text).toContain('<Key>inbox/note.txt</Key>');
    const got = await local.s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'inbox/note.txt' }),
    );
    expect(await got.Body?.transformToString()).toBe('hello');
    // Without a Content-Type field the type is S3's default, whatever the file part says.
    expect(got.ContentType).toBe('binary/octet-stream');
    const outside = await upload(post, Buffer.from('x'), { override: { key: 'elsewhere/x' } });
    expect(outside.error.message).toBe(
      'Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "inbox/"]',
    );
  });

  it('refuses a form without a key or without a file, and a body that is not a form', async () => {
    const local = await startLocalS3();
    const post = await presign(local);
    const noKey = await upload(post, bytes(20), { omit: ['key'] });
    expect(noKey.error.code).toBe('InvalidArgument');
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    const noFile = await fetch(post.url, { method: 'POST', body: form });
    expect(xmlError(await noFile.text()).message).toBe(
      'POST requires exactly one file upload per request.',
    );
    const notForm = await fetch(post.url, {
      method: 'POST',
      body: 'key=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(xmlError(await notForm.text()).code).toBe('MalformedPOSTRequest');
  });
});

describe('local S3 CORS', () => {
  it('answers a preflight the bucket allows, refuses one it does not, and marks cross-origin answers', async () => {
    const local = await startLocalS3();
    const url = `${local.server.url}/${BUCKET}`;
    const allowed = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('*');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-max-age')).toBe('300');
    const refused = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.test', 'access-control-request-method': 'DELETE' },
    });
    expect(refused.status).toBe(403);
    expect(xmlError(await refused.text()).code).toBe('AccessForbidden');

    const post = await presign(local);
    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([bytes(20)]));
    const answer = await fetch(post.url, {
      method: 'POST',
      body: form,
      headers: { origin: 'http://app.test' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-expose-headers')).toBe('ETag');
  });
});
