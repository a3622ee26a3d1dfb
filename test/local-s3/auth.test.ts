import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, createHmac, type BinaryLike } from 'node:crypto';
import type { SourceData } from '@smithy/types';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { BUCKET, REGION, credentials, failure, startLocalS3, xmlError } from './harness';

const toBinary = (data: SourceData): BinaryLike =>
  typeof data === 'string' ? data : Buffer.from(data instanceof ArrayBuffer ? data : data.buffer);

/** The SDK's hash interface over node:crypto. */
class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash =
      secret === undefined ? createHash('sha256') : createHmac('sha256', toBinary(secret));
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

describe('local S3 authentication', () => {
  it('refuses a wrong secret, an unknown key, another region and an anonymous request', async () => {
    const local = await startLocalS3();
    await local.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v' }));
    const get = new GetObjectCommand({ Bucket: BUCKET, Key: 'k' });
    expect((await failure(local.client({ secretAccessKey: 'guess' }).send(get))).name).toBe(
      'SignatureDoesNotMatch',
    );
    expect((await failure(local.client({ accessKeyId: 'AKIDNOBODY' }).send(get))).name).toBe(
      'InvalidAccessKeyId',
    );
    expect((await failure(local.client({ region: 'eu-west-1' }).send(get))).name).toBe(
      'AuthorizationHeaderMalformed',
    );

    const anonymous = await fetch(`${local.server.url}/${BUCKET}/k`);
    expect(anonymous.status).toBe(403);
    expect(xmlError(await anonymous.text()).code).toBe('AccessDenied');
  });

  it('refuses a request signed too far from the server time', async () => {
    const local = await startLocalS3();
    local.clockOffsetMs = 20 * 60 * 1000;
    const error = await failure(local.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })));
    expect(error.name).toBe('RequestTimeTooSkewed');
  });

  it('refuses a body that does not hash to the signed x-amz-content-sha256', async () => {
    const local = await startLocalS3();
    const url = new URL(`${local.server.url}/${BUCKET}/k`);
    const signer = new SignatureV4({
      credentials,
      region: REGION,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signed = await signer.sign(
      new HttpRequest({
        method: 'PUT',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: {
          host: url.host,
          'x-amz-content-sha256': createHash('sha256').update('payload').digest('hex'),
        },
      }),
    );
    // Same length, other bytes: the signature holds, the payload hash does not.
    const answer = await fetch(url, { method: 'PUT', headers: signed.headers, body: 'PAYLOAD' });
    expect(answer.status).toBe(400);
    expect(xmlError(await answer.text()).code).toBe('XAmzContentSHA256Mismatch');
    const honest = await fetch(url, { method: 'PUT', headers: signed.headers, body: 'payload' });
    expect(honest.status).toBe(200);
  });

  it('serves a presigned GET until it expires, and never with a changed signature or key', async () => {
    const local = await startLocalS3();
    await local.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'photos/cat.png',
        Body: 'meow',
        ContentType: 'image/png',
      }),
    );
    const url = await getSignedUrl(
      local.s3,
      new GetObjectCommand({ Bucket: BUCKET, Key: 'photos/cat.png' }),
      {
        expiresIn: 60,
      },
    );
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(await ok.text()).toBe('meow');

    const tampered = url.replace(
      /(X-Amz-Signature=)([0-9a-f])/,
      (_m, p: string, c: string) => `${p}${c === '0' ? '1' : '0'}`,
    );
    const forged = await fetch(tampered);
    expect(forged.status).toBe(403);
    expect(xmlError(await forged.text()).code).toBe('SignatureDoesNotMatch');

    const otherKey = await fetch(url.replace('cat.png', 'dog.png'));
    expect(otherKey.status).toBe(403);

    local.clockOffsetMs = 61_000;
    const expired = await fetch(url);
    expect(expired.status).toBe(403);
    expect(xmlError(await expired.text())).toEqual({
      code: 'AccessDenied',
      message: 'Request has expired',
    });
  });

  it('lets a presigned GET choose the response headers it signed for', async () => {
    const local = await startLocalS3();
    await local.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'f', Body: 'x' }));
    const url = await getSignedUrl(
      local.s3,
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'f',
        ResponseContentDisposition: 'attachment; filename="f.txt"',
      }),
      { expiresIn: 60 },
    );
    const answer = await fetch(url);
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="f.txt"');
  });
});
