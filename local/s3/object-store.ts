import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredChecksum } from './checksums';

/** What S3 keeps about an object besides its bytes. */
export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
  /** MD5 of the bytes, hex, without quotes (S3's ETag for a single-part upload). */
  readonly etag: string;
  readonly lastModified: string;
  readonly contentType: string;
  /** `x-amz-meta-*`, names lower-cased and without the prefix. */
  readonly metadata: Readonly<Record<string, string>>;
  /** Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires. */
  readonly headers: Readonly<Record<string, string>>;
  readonly checksum?: StoredChecksum;
}

export type NewObject = Omit<ObjectInfo, 'size' | 'etag' | 'lastModified' | 'key'>;

/**
 * Buckets and objects on disk: `<dir>/<bucket>/<sha256(key)>.data` and `.json`
 * (the info, key included). Each write lands atomically (temp file, rename), so
 * a crash leaves the old object or the new one. An index in memory answers
 * HEAD and listings; it is rebuilt from the `.json` files on open.
 */
export class ObjectStore {
  private readonly buckets = new Map<string, Map<string, ObjectInfo>>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<ObjectStore> {
    const store = new ObjectStore(dir);
    await mkdir(dir, { recursive: true });
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      // Bucket names never start with a dot: such a folder is the server's own (the event outbox).
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const objects = new Map<string, ObjectInfo>();
      store.buckets.set(entry.name, objects);
      for (const file of await readdir(join(dir, entry.name))) {
        // A write cut off before its rename left only a temp file: it never happened.
        if (file.endsWith('.tmp')) await rm(join(dir, entry.name, file), { force: true });
        if (!file.endsWith('.json')) continue;
        const info = JSON.parse(await readFile(join(dir, entry.name, file), 'utf8')) as ObjectInfo;
        objects.set(info.key, info);
      }
    }
    return store;
  }

  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()].sort();
  }

  /** False when the bucket was already there. */
  async createBucket(bucket: string): Promise<boolean> {
    if (this.buckets.has(bucket)) return false;
    await mkdir(join(this.dir, bucket), { recursive: true });
    this.buckets.set(bucket, new Map());
    return true;
  }

  /** False when the bucket still holds objects (S3's BucketNotEmpty). */
  async deleteBucket(bucket: string): Promise<boolean> {
    if ((this.buckets.get(bucket)?.size ?? 0) > 0) return false;
    this.buckets.delete(bucket);
    await rm(join(this.dir, bucket), { recursive: true, force: true });
    return true;
  }

  head(bucket: string, key: string): ObjectInfo | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  async put(bucket: string, key: string, body: Buffer, object: NewObject): Promise<ObjectInfo> {
    const objects = this.objectsOf(bucket);
    const info: ObjectInfo = {
      ...object,
      key,
      size: body.length,
      etag: createHash('md5').update(body).digest('hex'),
      lastModified: new Date().toISOString(),
    };
    const base = this.pathOf(bucket, key);
    await writeAtomically(`${base}.data`, body);
    await writeAtomically(`${base}.json`, JSON.stringify(info));
    objects.set(key, info);
    return info;
  }

  /** The bytes from `start` to `end` inclusive (the whole object by default). */
  read(bucket: string, key: string, range?: { start: number; end: number }): ReadStream {
    return createReadStream(`${this.pathOf(bucket, key)}.data`, range);
  }

  async readAll(bucket: string, key: string): Promise<Buffer> {
    return readFile(`${this.pathOf(bucket, key)}.data`);
  }

  /** True when there was an object to delete. */
  async delete(bucket: string, key: string): Promise<boolean> {
    const objects = this.objectsOf(bucket);
    if (!objects.delete(key)) return false;
    const base = this.pathOf(bucket, key);
    await rm(`${base}.json`, { force: true });
    await rm(`${base}.data`, { force: true });
    return true;
  }

  /** Every key in the bucket, in S3's order (UTF-8 byte order). */
  keys(bucket: string): string[] {
    return [...this.objectsOf(bucket).keys()].sort(compareKeys);
  }

  private objectsOf(bucket: string): Map<string, ObjectInfo> {
    const objects = this.buckets.get(bucket);
    if (!objects) throw new Error(`no bucket ${bucket}`);
    return objects;
  }

  private pathOf(bucket: string, key: string): string {
    return join(this.dir, bucket, createHash('sha256').update(key).digest('hex'));
  }
}

export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}
