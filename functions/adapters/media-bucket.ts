import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { functions, readEnvironment, type FunctionName } from '../../lib/description';
import type { ObjectStorage, PresignedUpload, UploadRule } from '../domain/object-storage';
import { boundTo } from '../pipeline/with-signal';
import { s3Client } from './s3-client';

/** The media bucket through the S3 SDK: presigned POSTs and GETs, reads, writes, deletes. */
export class MediaBucket implements ObjectStorage {
  /** The bucket as one function sees it: its SDK limits, the bucket its environment names. */
  static forFunction(name: FunctionName): MediaBucket {
    return new MediaBucket(s3Client(functions[name].sdk), readEnvironment(name).mediaBucket());
  }

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  protected signal: AbortSignal | undefined;

  /** The same bucket for one invocation: its reads and writes abort when `signal` fires. */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  async presignUpload(rule: UploadRule, now: Date): Promise<PresignedUpload> {
    // Every field below becomes a condition S3 checks: the key exactly, the type exactly,
    // the size exactly (the declared size is the size), and the expiry.
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: rule.key,
      Conditions: [
        ['eq', '$Content-Type', rule.contentType],
        ['content-length-range', rule.size, rule.size],
      ],
      Fields: { 'Content-Type': rule.contentType },
      Expires: rule.expiresInSeconds,
    });
    return {
      url,
      fields,
      expires_at: new Date(now.getTime() + rule.expiresInSeconds * 1000).toISOString(),
    };
  }

  presignDownload(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  async read(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
        abortSignal: this.signal,
      });
      const bytes = await object.Body?.transformToByteArray();
      return { bytes: bytes ?? new Uint8Array(), contentType: object.ContentType ?? '' };
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async write(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentType: contentType,
      }),
      { abortSignal: this.signal },
    );
  }

  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), {
      abortSignal: this.signal,
    });
  }
}
