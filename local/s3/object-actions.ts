import { decodeAwsChunked } from './aws-chunked';
import { verifyChecksums } from './checksums';
import type { Caller } from './request-auth';
import type { NewObject, ObjectInfo } from './object-store';
import {
  S3Error,
  entityTooLarge,
  invalidArgument,
  invalidRequest,
  noSuchBucket,
  noSuchKey,
} from './s3-errors';
import {
  header,
  queryValue,
  quotedEtag,
  type S3Request,
  type S3Response,
  type ServerContext,
} from './s3-request';
import { percentDecode, sha256Hex, UNSIGNED_PAYLOAD } from './sigv4';
import { s3Root, xmlElement } from './xml';

/** Headers S3 stores with an object and answers with on GET and HEAD. */
const storedHeaders = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

export async function putObject(
  context: ServerContext,
  request: S3Request,
  caller: Caller,
): Promise<S3Response> {
  const { bucket, key } = target(context, request);
  if (header(request, 'x-amz-copy-source') !== undefined) {
    return copyObject(context, request, caller, bucket, key);
  }
  const { payload, checksumHeaders } = payloadOf(request, caller);
  if (payload.length > context.maxObjectBytes) {
    throw entityTooLarge(payload.length, context.maxObjectBytes);
  }
  const checksum = verifyChecksums(payload, checksumHeaders);
  const info = await context.store.put(bucket, key, payload, {
    ...objectFields(request),
    ...(checksum ? { checksum } : {}),
  });
  await context.emit(request, bucket, 'ObjectCreated:Put', info, caller.accessKeyId);
  return {
    status: 200,
    headers: {
      etag: quotedEtag(info.etag),
      ...(checksum ? { [`x-amz-checksum-${checksum.algorithm}`]: checksum.value } : {}),
    },
  };
}

async function copyObject(
  context: ServerContext,
  request: S3Request,
  caller: Caller,
  bucket: string,
  key: string,
): Promise<S3Response> {
  const raw = (header(request, 'x-amz-copy-source') ?? '').split('?')[0] ?? '';
  const source = percentDecode(raw).replace(/^\//, '');
  const slash = source.indexOf('/');
  if (slash <= 0 || slash === source.length - 1) {
    throw invalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      {
        ArgumentName: 'x-amz-copy-source',
      },
    );
  }
  const sourceBucket = source.slice(0, slash);
  const sourceKey = source.slice(slash + 1);
  if (!context.store.hasBucket(sourceBucket)) throw noSuchBucket(sourceBucket);
  const from = context.store.head(sourceBucket, sourceKey);
  if (!from) throw noSuchKey(sourceKey);
  const directive = header(request, 'x-amz-metadata-directive') ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw invalidArgument('Unknown metadata directive.', {
      ArgumentName: 'x-amz-metadata-directive',
    });
  }
  if (directive === 'COPY' && sourceBucket === bucket && sourceKey === key) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const body = await context.store.readAll(sourceBucket, sourceKey);
  const fields: NewObject =
    directive === 'COPY'
      ? {
          contentType: from.contentType,
          metadata: from.metadata,
          headers: from.headers,
          ...(from.checksum ? { checksum: from.checksum } : {}),
        }
      : objectFields(request);
  const info = await context.store.put(bucket, key, body, fields);
  await context.emit(request, bucket, 'ObjectCreated:Copy', info, caller.accessKeyId);
  return {
    status: 200,
    headers: { 'content-type': 'application/xml' },
    body: s3Root('CopyObjectResult', [
      xmlElement('LastModified', info.lastModified),
      xmlElement('ETag', quotedEtag(info.etag)),
    ]),
  };
}

export function headObject(context: ServerContext, request: S3Request): S3Response {
  const { bucket, key } = target(context, request);
  const info = context.store.head(bucket, key);
  if (!info) throw noSuchKey(key);
  const precondition = conditional(request, info);
  if (precondition) return precondition;
  return {
    status: 200,
    headers: { ...objectHeaders(request, info), 'content-length': String(info.size) },
  };
}

export function getObject(context: ServerContext, request: S3Request): S3Response {
  const { bucket, key } = target(context, request);
  const info = context.store.head(bucket, key);
  if (!info) throw noSuchKey(key);
  const precondition = conditional(request, info);
  if (precondition) return precondition;
  const headers = objectHeaders(request, info);
  const range = parseRange(header(request, 'range'), info.size);
  if (range) {
    // A part of the object cannot carry the whole object's checksum.
    for (const name of Object.keys(headers)) {
      if (name.startsWith('x-amz-checksum-')) delete headers[name];
    }
    return {
      status: 206,
      headers: {
        ...headers,
        'content-length': String(range.end - range.start + 1),
        'content-range': `bytes ${range.start}-${range.end}/${info.size}`,
      },
      body: context.store.read(bucket, key, range),
    };
  }
  return {
    status: 200,
    headers: { ...headers, 'content-length': String(info.size) },
    body: info.size === 0 ? Buffer.alloc(0) : context.store.read(bucket, key),
  };
}

export async function deleteObject(
  context: ServerContext,
  request: S3Request,
  caller: Caller,
): Promise<S3Response> {
  const { bucket, key } = target(context, request);
  // S3 answers 204 whether or not the key existed.
  if (await context.store.delete(bucket, key)) {
    await context.emit(request, bucket, 'ObjectRemoved:Delete', { key }, caller.accessKeyId);
  }
  return { status: 204 };
}

function target(context: ServerContext, request: S3Request): { bucket: string; key: string } {
  const { bucket, key } = request;
  if (!bucket || key === undefined) throw new Error('object action without bucket and key');
  if (!context.store.hasBucket(bucket)) throw noSuchBucket(bucket);
  if (Buffer.byteLength(key) > 1024) {
    throw new S3Error(400, 'KeyTooLongError', 'Your key is too long');
  }
  return { bucket, key };
}

/** The payload as S3 sees it: aws-chunked decoded, its hash checked when the signature covers it. */
function payloadOf(
  request: S3Request,
  caller: Caller,
): { payload: Buffer; checksumHeaders: Map<string, string> } {
  const checksumHeaders = new Map<string, string>();
  for (const [name, values] of request.headers) {
    if (name === 'content-md5' || name.startsWith('x-amz-checksum-')) {
      checksumHeaders.set(name, values[0] ?? '');
    }
  }
  const hash = caller.payloadHash;
  if (hash === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' || hash === 'STREAMING-UNSIGNED-PAYLOAD') {
    const decodedLength = header(request, 'x-amz-decoded-content-length');
    const { payload, trailers } = decodeAwsChunked(
      request.body,
      decodedLength === undefined ? undefined : Number(decodedLength),
    );
    for (const [name, value] of trailers) checksumHeaders.set(name, value);
    return { payload, checksumHeaders };
  }
  if (hash !== UNSIGNED_PAYLOAD && sha256Hex(request.body) !== hash) {
    throw new S3Error(
      400,
      'XAmzContentSHA256Mismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      { ClientComputedContentSHA256: hash, S3ComputedContentSHA256: sha256Hex(request.body) },
    );
  }
  return { payload: request.body, checksumHeaders };
}

function objectFields(request: S3Request): NewObject {
  const metadata: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [name, values] of request.headers) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice(11)] = values.join(',');
  }
  for (const name of storedHeaders) {
    const value = header(request, name);
    // aws-chunked is how the bytes travelled, not how they are stored.
    const kept =
      name === 'content-encoding'
        ? value
            ?.split(',')
            .map((v) => v.trim())
            .filter((v) => v !== 'aws-chunked')
            .join(',')
        : value;
    if (kept) headers[name] = kept;
  }
  return {
    contentType: header(request, 'content-type') ?? 'binary/octet-stream',
    metadata,
    headers,
  };
}

function objectHeaders(request: S3Request, info: ObjectInfo): Record<string, string> {
  const out: Record<string, string> = {
    'content-type': info.contentType,
    etag: quotedEtag(info.etag),
    'last-modified': new Date(info.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...info.headers,
  };
  for (const [name, value] of Object.entries(info.metadata)) out[`x-amz-meta-${name}`] = value;
  if (info.checksum && header(request, 'x-amz-checksum-mode') === 'ENABLED') {
    out[`x-amz-checksum-${info.checksum.algorithm}`] = info.checksum.value;
    out['x-amz-checksum-type'] = 'FULL_OBJECT';
  }
  // A presigned GET may override these (`response-content-disposition=...`).
  for (const name of ['content-type', ...storedHeaders]) {
    const override = queryValue(request, `response-${name}`);
    if (override !== undefined) out[name] = override;
  }
  return out;
}

function conditional(request: S3Request, info: ObjectInfo): S3Response | undefined {
  const etag = quotedEtag(info.etag);
  const ifMatch = header(request, 'if-match');
  if (
    ifMatch !== undefined &&
    ifMatch !== '*' &&
    !ifMatch.split(',').some((e) => e.trim() === etag)
  ) {
    throw new S3Error(
      412,
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      {
        Condition: 'If-Match',
      },
    );
  }
  const ifNoneMatch = header(request, 'if-none-match');
  if (
    ifNoneMatch !== undefined &&
    ifNoneMatch.split(',').some((e) => e.trim() === etag || e.trim() === '*')
  ) {
    return {
      status: 304,
      headers: { etag, 'last-modified': new Date(info.lastModified).toUTCString() },
    };
  }
  return undefined;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; undefined means the whole object (S3 ignores what it cannot parse). */
function parseRange(
  value: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  const match = value ? /^bytes=(\d*)-(\d*)$/.exec(value.trim()) : null;
  if (!match) return undefined;
  const [, from = '', to = ''] = match;
  let start: number;
  let end: number;
  if (from === '' && to === '') return undefined;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) {
    throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', {
      RangeRequested: value ?? '',
      ActualObjectSize: size,
    });
  }
  return { start, end };
}
