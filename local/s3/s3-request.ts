import type { Readable } from 'node:stream';
import type { AuthContext } from './request-auth';
import type { CorsRule } from './cors';
import type { ObjectInfo, ObjectStore } from './object-store';

/** One REST request, parsed: path-style addressing, `/<bucket>/<key>`. */
export interface S3Request {
  readonly method: string;
  readonly bucket?: string;
  readonly key?: string;
  /** Decoded path as signed. */
  readonly path: string;
  readonly query: readonly [string, string][];
  /** Lower-case name -> every value, in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: Buffer;
  readonly requestId: string;
  readonly sourceIp: string;
  /** `http://host:port` the client addressed, for Location headers. */
  readonly origin: string;
}

export interface S3Response {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer | Readable;
}

/** What the actions share: the store, the bucket settings, and the event hook. */
export interface ServerContext {
  readonly store: ObjectStore;
  readonly auth: AuthContext;
  readonly cors: (bucket: string) => readonly CorsRule[] | undefined;
  /** Largest object accepted (S3's own is 5 GB for one PUT or POST). */
  readonly maxObjectBytes: number;
  /**
   * Called after an object was created or removed, before the answer: resolves once the
   * event is in the outbox on disk; delivery happens off the request.
   */
  readonly emit: (
    request: S3Request,
    bucket: string,
    name: string,
    object: Pick<ObjectInfo, 'key'> & Partial<ObjectInfo>,
    principalId: string,
  ) => Promise<void>;
}

export function header(request: S3Request, name: string): string | undefined {
  return request.headers.get(name)?.[0];
}

export function queryValue(request: S3Request, name: string): string | undefined {
  return request.query.find(([n]) => n === name)?.[1];
}

export function hasQuery(request: S3Request, name: string): boolean {
  return request.query.some(([n]) => n === name);
}

export function quotedEtag(etag: string): string {
  return `"${etag}"`;
}
