import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { BUCKET, failure, startLocalS3 } from './harness';

describe('local S3 objects, through the unmodified SDK', () => {
  it('stores, reads, heads, copies and deletes an object with its type and metadata', async () => {
    const { s3 } = await startLocalS3();
    const body = 'hello, bucket';
    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'notes/first note.txt',
        Body: body,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        Metadata: { owner: 'alice' },
      }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);

    const got = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'notes/first note.txt' }),
    );
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ContentType).toBe('text/plain');
    expect(got.CacheControl).toBe('max-age=60');
    expect(got.Metadata).toEqual({ owner: 'alice' });
    expect(got.ETag).toBe(put.ETag);

    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'notes/first note.txt' }),
    );
    expect(head.ContentLength).toBe(body.length);

    await s3.send(
      new CopyObjectCommand({
        Bucket: BUCKET,
        Key: 'copy.txt',
        CopySource: `${BUCKET}/notes/first%20note.txt`,
      }),
    );
    const copy = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'copy.txt' }));
    expect(await copy.Body?.transformToString()).toBe(body);
    expect(copy.Metadata).toEqual({ owner: 'alice' });

    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'copy.txt' }));
    const gone = await failure(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'copy.txt' })));
    expect(gone.name).toBe('NoSuchKey');
    // Deleting what is not there is still a success, as in S3.
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'copy.txt' }));
  });

  it('accepts a streamed upload (aws-chunked with a CRC32 trailer) and refuses a wrong checksum', async () => {
    const { s3 } = await startLocalS3();
    const bytes = Buffer.from('x'.repeat(100_000));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'big',
        Body: Readable.from([bytes]),
        ContentLength: bytes.length,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);

    const bad = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'bad',
          Body: 'abc',
          ChecksumCRC32: 'AAAAAA==',
        }),
      ),
    );
    expect(bad.name).toBe('BadDigest');
    const badMd5 = await failure(
      s3.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'bad',
          Body: 'abc',
          ContentMD5: createHash('md5').update('abd').digest('base64'),
        }),
      ),
    );
    expect(badMd5.name).toBe('BadDigest');
    expect(
      (await failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'bad' })))).name,
    ).toBe('NotFound');
  });

  it('serves byte ranges', async () => {
    const { s3 } = await startLocalS3();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'digits', Body: '0123456789' }));
    const part = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'digits', Range: 'bytes=2-4' }),
    );
    expect(await part.Body?.transformToString()).toBe('234');
    expect(part.ContentRange).toBe('bytes 2-4/10');
    const tail = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'digits', Range: 'bytes=-3' }),
    );
    expect(await tail.Body?.transformToString()).toBe('789');
    const outside = await failure(
      s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'digits', Range: 'bytes=20-30' })),
    );
    expect(outside.name).toBe('InvalidRange');
  });

  it('lists keys in order, by prefix, with common prefixes and continuation tokens', async () => {
    const { s3 } = await startLocalS3();
    const keys = ['a/1', 'a/2', 'a/3', 'b/1', 'b/2', 'c', 'd'];
    for (const Key of [...keys].reverse())
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));

    const all = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(all.Contents?.map((c) => c.Key)).toEqual(keys);
    expect(all.KeyCount).toBe(keys.length);
    expect(all.Contents?.[0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD' });

    const underA = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'a/' }));
    expect(underA.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2', 'a/3']);

    const top = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(top.Contents?.map((c) => c.Key)).toEqual(['c', 'd']);

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          MaxKeys: 2,
          Delimiter: '/',
          ContinuationToken: token,
        }),
      );
      seen.push(
        ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ''),
        ...(page.Contents ?? []).map((c) => c.Key ?? ''),
      );
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);
    expect(seen).toEqual(['a/', 'b/', 'c', 'd']);

    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'b/1' }));
    expect(after.Contents?.map((c) => c.Key)).toEqual(['b/2', 'c', 'd']);
  });

  it('keeps objects on disk across a restart', async () => {
    const local = await startLocalS3();
    await local.s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'kept',
        Body: 'still here',
        ContentType: 'text/plain',
      }),
    );
    await local.restart();
    const got = await local.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'kept' }));
    expect(await got.Body?.transformToString()).toBe('still here');
    expect(got.ContentType).toBe('text/plain');
  });

  it('answers unknown buckets, existing buckets and unsupported sub-resources as S3 does', async () => {
    const { s3 } = await startLocalS3();
    expect((await failure(s3.send(new GetObjectCommand({ Bucket: 'nope', Key: 'k' })))).name).toBe(
      'NoSuchBucket',
    );
    expect((await failure(s3.send(new CreateBucketCommand({ Bucket: BUCKET })))).name).toBe(
      'BucketAlreadyOwnedByYou',
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'second-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'second-bucket', Key: 'k', Body: 'v' }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: 'second-bucket' }))).KeyCount).toBe(1);
  });
});
