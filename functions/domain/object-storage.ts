import * as z from 'zod/mini';

/** A presigned browser upload: POST `fields` plus the file (last) as multipart/form-data to `url`. */
export const presignedUploadSchema = z.object({
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  expires_at: z.iso.datetime({ offset: true }),
});
export type PresignedUpload = Readonly<z.infer<typeof presignedUploadSchema>>;

export interface UploadRule {
  readonly key: string;
  readonly contentType: string;
  /** Exact size in bytes: the storage refuses any other. */
  readonly size: number;
  readonly expiresInSeconds: number;
}

/** The media bucket, as the use-cases need it. */
export interface ObjectStorage {
  /** A browser upload the storage itself holds to the rule (type, size, key, expiry). */
  presignUpload(rule: UploadRule, now: Date): Promise<PresignedUpload>;
  /** A time-limited GET URL. */
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
  /** The bytes and stored type, or undefined when there is no such object. */
  read(key: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined>;
  write(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  delete(key: string): Promise<void>;
}
