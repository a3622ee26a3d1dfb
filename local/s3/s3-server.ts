import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBucket, deleteBucket, headBucket, listBuckets, listObjects } from './bucket-actions';
import { corsHeaders, preflight, type CorsRule } from './cors';
import {
  eventMessage,
  matches,
  type NotificationTarget,
  type ObjectEvent,
} from './event-notifications';
import { connectableHost, listenOnLoopback } from '../http/listen';
import { readBody } from '../http/read-body';
import { deliverWithRetries } from './delivery-retry';
import { EventOutbox, type PendingEvent } from './event-outbox';
import { deleteObject, getObject, headObject, putObject } from './object-actions';
import { ObjectStore } from './object-store';
import { postObject } from './post-object';
import { authenticate, type CredentialStore } from './request-auth';
import { S3Error, entityTooLarge, internalError, notImplemented } from './s3-errors';
import {
  hasQuery,
  header,
  type S3Request,
  type S3Response,
  type ServerContext,
} from './s3-request';
import { parseQuery, percentDecode } from './sigv4';

export interface BucketConfig {
  readonly name: string;
  readonly cors?: readonly CorsRule[];
}

export interface S3ServerOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Loopback by default: a development tool. */
  readonly host?: string;
  /**
   * Objects live here (one folder per bucket); reopening it restores them, and delivers the
   * event notifications still in its outbox (`.event-outbox/`).
   */
  readonly dataDir: string;
  readonly region: string;
  /** Access key id -> secret; requests signed with anything else are refused. */
  readonly credentials: CredentialStore;
  /** Created at start when missing, with their CORS rules. */
  readonly buckets?: readonly BucketConfig[];
  readonly notifications?: readonly NotificationTarget[];
  /** Largest object accepted; S3's is 5 GB, a laptop's is smaller. */
  readonly maxObjectBytes?: number;
  readonly onError?: (error: unknown) => void;
  /** The clock requests are checked against (tests move it). */
  readonly now?: () => Date;
}

export interface S3Server {
  /** Endpoint for the SDK: `new S3Client({ endpoint: server.url, forcePathStyle: true })`. */
  readonly url: string;
  readonly port: number;
  readonly store: ObjectStore;
  /** Resolves when every notification emitted so far was delivered (or failed). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Sub-resources this emulation does not serve: S3 would act on them, so they must not be mistaken for plain GETs. */
const unsupported = [
  'acl',
  'tagging',
  'uploads',
  'uploadId',
  'versions',
  'versionId',
  'policy',
  'cors',
  'lifecycle',
  'notification',
  'website',
  'encryption',
  'attributes',
  'restore',
  'select',
  'delete',
  'legal-hold',
  'retention',
  'object-lock',
  'torrent',
];

const DEFAULT_MAX_OBJECT_BYTES = 256 * 1024 * 1024;

/**
 * An S3-compatible endpoint on loopback: path-style REST for the unmodified
 * `@aws-sdk/client-s3` (SigV4 header auth and presigned URLs, both verified),
 * browser-form POST uploads with their policy enforced, CORS, objects on disk,
 * and S3 event notifications to callbacks.
 */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const store = await ObjectStore.open(options.dataDir);
  const cors = new Map<string, readonly CorsRule[]>();
  for (const bucket of options.buckets ?? []) {
    await store.createBucket(bucket.name);
    if (bucket.cors) cors.set(bucket.name, bucket.cors);
  }
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const maxObjectBytes = options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
  const deliveries = new Set<Promise<void>>();
  const stopping = new AbortController();
  const host = options.host ?? '127.0.0.1';
  const outbox = await EventOutbox.open(join(options.dataDir, '.event-outbox'));
  const targets = new Map((options.notifications ?? []).map((target) => [target.id, target]));

  // S3 delivers after answering, at least once, retrying a failing destination; a delivery
  // that still fails is logged, not the request's failure, and stays in the outbox for the
  // next start.
  const deliver = (event: PendingEvent): void => {
    const target = targets.get(event.targetId);
    const delivery = (
      target
        ? deliverWithRetries(() => target.deliver(event.message), stopping.signal).then(() =>
            outbox.remove(event.id),
          )
        : Promise.reject(
            new Error(`S3 event ${event.id} is for ${event.targetId}, no longer a destination`),
          ).finally(() => outbox.remove(event.id))
    ).catch(onError);
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  };

  const context: ServerContext = {
    store,
    auth: {
      credentials: options.credentials,
      region: options.region,
      now: options.now ?? (() => new Date()),
    },
    cors: (bucket) => cors.get(bucket),
    maxObjectBytes,
    async emit(request, bucket, name, object, principalId) {
      const event: ObjectEvent = {
        bucket,
        name,
        object,
        requestId: request.requestId,
        sourceIp: request.sourceIp,
        principalId: `AWS:${principalId}`,
        region: options.region,
      };
      for (const target of targets.values()) {
        if (!matches(target, event)) continue;
        // On disk before the request is answered: a process that dies now still delivers it.
        deliver(await outbox.add(target.id, eventMessage(target, event)));
      }
    },
  };

  const inFlight = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    const handled = handle(request, response).catch((error: unknown) => {
      onError(error);
      response.destroy();
    });
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const method = incoming.method ?? 'GET';
    let request: S3Request | undefined;
    let extraHeaders: Record<string, string> = {};
    try {
      request = await parseRequest(incoming, requestId, maxObjectBytes);
      const origin = header(request, 'origin');
      if (request.bucket && method !== 'OPTIONS') {
        extraHeaders = corsHeaders(context.cors(request.bucket), origin, method);
      }
      const result = await route(request);
      await send(response, method, requestId, result, extraHeaders);
    } catch (error) {
      const s3Error = error instanceof S3Error ? error : internalError();
      if (!(error instanceof S3Error)) onError(error);
      const body = method === 'HEAD' ? undefined : s3Error.toXml(requestId);
      await send(
        response,
        method,
        requestId,
        {
          status: s3Error.status,
          headers: body ? { 'content-type': 'application/xml' } : {},
          body,
        },
        extraHeaders,
      );
    }
  }

  async function route(request: S3Request): Promise<S3Response> {
    const { method, bucket, key } = request;
    if (method === 'OPTIONS') {
      return {
        status: 200,
        headers: preflight(
          bucket ? context.cors(bucket) : undefined,
          header(request, 'origin'),
          header(request, 'access-control-request-method'),
          header(request, 'access-control-request-headers'),
        ),
      };
    }
    // A form upload carries its authorisation in the form itself.
    if (method === 'POST' && bucket && key === undefined && request.query.length === 0) {
      return postObject(context, request);
    }
    const caller = authenticate(request, context.auth);
    const sub = unsupported.find((name) => hasQuery(request, name));
    if (sub) throw notImplemented(`?${sub}`);
    if (!bucket) {
      if (method === 'GET') return listBuckets(context);
      throw methodNotAllowed(method);
    }
    if (key === undefined) {
      switch (method) {
        case 'PUT':
          return createBucket(context, request);
        case 'HEAD':
          return headBucket(context, request);
        case 'GET':
          return listObjects(context, request);
        case 'DELETE':
          return deleteBucket(context, request);
        default:
          throw methodNotAllowed(method);
      }
    }
    switch (method) {
      case 'PUT':
        return putObject(context, request, caller);
      case 'GET':
        return getObject(context, request);
      case 'HEAD':
        return headObject(context, request);
      case 'DELETE':
        return deleteObject(context, request, caller);
      default:
        throw methodNotAllowed(method);
    }
  }

  // What the last process accepted and did not deliver (it was stopped or killed).
  for (const event of await outbox.pending()) deliver(event);

  const port = await listenOnLoopback(server, options.port, host);

  return {
    url: `http://${connectableHost(host)}:${port}`,
    port,
    store,
    async idle() {
      while (deliveries.size > 0) await Promise.all([...deliveries]);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // A write under way finishes before the store is let go of.
      await Promise.all([...inFlight]);
      // A delivery waiting to retry tries once more, now.
      stopping.abort();
      await Promise.all([...deliveries]);
    },
  };
}

function methodNotAllowed(method: string): S3Error {
  return new S3Error(
    405,
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    {
      Method: method,
      ResourceType: 'OBJECT',
    },
  );
}

async function parseRequest(
  incoming: IncomingMessage,
  requestId: string,
  maxObjectBytes: number,
): Promise<S3Request> {
  const raw = incoming.url ?? '/';
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const path = percentDecode(rawPath);
  const slash = path.indexOf('/', 1);
  const bucket = path.length > 1 ? (slash < 0 ? path.slice(1) : path.slice(1, slash)) : undefined;
  // `/bucket/` addresses the bucket; `/bucket/key` an object.
  const key = slash < 0 || slash === path.length - 1 ? undefined : path.slice(slash + 1);
  const headers = new Map<string, string[]>();
  for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) {
    const name = (incoming.rawHeaders[i] ?? '').toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(incoming.rawHeaders[i + 1] ?? '');
    headers.set(name, list);
  }
  const hostHeader = headers.get('host')?.[0] ?? 'localhost';
  // Forms add a little framing around the file; anything far past the limit is refused unread.
  const limit = maxObjectBytes + 1024 * 1024;
  const body = await readBody(incoming, limit);
  if (body === undefined) {
    const declared = Number(incoming.headers['content-length']);
    throw entityTooLarge(Number.isFinite(declared) ? declared : limit + 1, maxObjectBytes);
  }
  return {
    method: incoming.method ?? 'GET',
    bucket,
    key,
    path,
    query: parseQuery(q < 0 ? '' : raw.slice(q + 1)),
    headers,
    body,
    requestId,
    sourceIp: incoming.socket.remoteAddress ?? '127.0.0.1',
    origin: `http://${hostHeader}`,
  };
}

async function send(
  response: ServerResponse,
  method: string,
  requestId: string,
  result: S3Response,
  extraHeaders: Record<string, string>,
): Promise<void> {
  response.statusCode = result.status;
  for (const [name, value] of Object.entries({
    'x-amz-request-id': requestId,
    'x-amz-id-2': requestId,
    server: 'AmazonS3',
    ...extraHeaders,
    ...result.headers,
  })) {
    response.setHeader(name, value);
  }
  const { body } = result;
  if (body instanceof Readable) {
    if (method === 'HEAD') {
      body.destroy();
      response.end();
      return;
    }
    await pipeline(body, response);
    return;
  }
  if (body !== undefined && !response.hasHeader('content-length')) {
    response.setHeader('content-length', Buffer.byteLength(body));
  }
  response.end(method === 'HEAD' ? undefined : body);
}
