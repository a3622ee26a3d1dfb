import { compareKeys } from './object-store';
import { S3Error, invalidArgument, noSuchBucket, notImplemented } from './s3-errors';
import {
  queryValue,
  quotedEtag,
  type S3Request,
  type S3Response,
  type ServerContext,
} from './s3-request';
import { uriEncode } from './sigv4';
import { s3Root, xmlElement } from './xml';

const OWNER_ID = '0000000000000000000000000000000000000000000000000000000000000000';

export async function createBucket(
  context: ServerContext,
  request: S3Request,
): Promise<S3Response> {
  const bucket = request.bucket ?? '';
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) {
    throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid.', {
      BucketName: bucket,
    });
  }
  if (!(await context.store.createBucket(bucket))) {
    throw new S3Error(
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    );
  }
  return { status: 200, headers: { location: `/${bucket}` } };
}

export function headBucket(context: ServerContext, request: S3Request): S3Response {
  if (!context.store.hasBucket(request.bucket ?? '')) throw noSuchBucket(request.bucket ?? '');
  return { status: 200, headers: { 'x-amz-bucket-region': context.auth.region } };
}

export async function deleteBucket(
  context: ServerContext,
  request: S3Request,
): Promise<S3Response> {
  const bucket = request.bucket ?? '';
  if (!context.store.hasBucket(bucket)) throw noSuchBucket(bucket);
  if (!(await context.store.deleteBucket(bucket))) {
    throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', {
      BucketName: bucket,
    });
  }
  return { status: 204 };
}

export function listBuckets(context: ServerContext): S3Response {
  const buckets = context.store
    .bucketNames()
    .map((name) =>
      xmlElement(
        'Bucket',
        xmlElement('Name', name) + xmlElement('CreationDate', new Date(0).toISOString()),
        false,
      ),
    );
  return xml(
    s3Root('ListAllMyBucketsResult', [
      xmlElement('Owner', xmlElement('ID', OWNER_ID), false),
      xmlElement('Buckets', buckets.join(''), false),
    ]),
  );
}

/** ListObjectsV2: prefix, delimiter (common prefixes), max-keys, continuation-token, start-after. */
export function listObjects(context: ServerContext, request: S3Request): S3Response {
  const bucket = request.bucket ?? '';
  if (!context.store.hasBucket(bucket)) throw noSuchBucket(bucket);
  if (queryValue(request, 'list-type') !== '2') throw notImplemented('ListObjects version 1');
  const prefix = queryValue(request, 'prefix') ?? '';
  const delimiter = queryValue(request, 'delimiter') ?? '';
  const startAfter = queryValue(request, 'start-after') ?? '';
  const token = queryValue(request, 'continuation-token');
  const urlEncoded = queryValue(request, 'encoding-type') === 'url';
  const maxKeysValue = queryValue(request, 'max-keys') ?? '1000';
  const maxKeys = Math.min(Number(maxKeysValue), 1000);
  if (!/^\d+$/.test(maxKeysValue)) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', {
      ArgumentName: 'max-keys',
      ArgumentValue: maxKeysValue,
    });
  }
  let after = startAfter;
  if (token !== undefined) {
    after = Buffer.from(token, 'base64url').toString('utf8');
    if (token === '' || Buffer.from(after, 'utf8').toString('base64url') !== token) {
      throw invalidArgument('The continuation token provided is incorrect', {
        ArgumentName: 'continuation-token',
      });
    }
  }
  const contents: string[] = [];
  const prefixes: string[] = [];
  let last = '';
  let truncated = false;
  for (const key of context.store.keys(bucket)) {
    if (!key.startsWith(prefix) || (after !== '' && compareKeys(key, after) <= 0)) continue;
    let commonPrefix: string | undefined;
    if (delimiter !== '') {
      const at = key.indexOf(delimiter, prefix.length);
      if (at >= 0) commonPrefix = key.slice(0, at + delimiter.length);
    }
    // A common prefix already listed swallows its keys without counting again.
    if (commonPrefix !== undefined && prefixes.at(-1) === commonPrefix) continue;
    if (contents.length + prefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    const encode = (text: string) => (urlEncoded ? uriEncode(text, true) : text);
    if (commonPrefix !== undefined) {
      prefixes.push(commonPrefix);
      last = commonPrefix;
      continue;
    }
    const info = context.store.head(bucket, key);
    if (!info) continue;
    last = key;
    contents.push(
      xmlElement(
        'Contents',
        [
          xmlElement('Key', encode(key)),
          xmlElement('LastModified', info.lastModified),
          xmlElement('ETag', quotedEtag(info.etag)),
          xmlElement('Size', String(info.size)),
          xmlElement('StorageClass', 'STANDARD'),
        ].join(''),
        false,
      ),
    );
  }
  // The token resumes after the last key or prefix listed; past a common prefix, skip its keys.
  const resumeAfter = last.endsWith(delimiter) && delimiter !== '' ? `${last}\u{10FFFF}` : last;
  const encode = (text: string) => (urlEncoded ? uriEncode(text, true) : text);
  return xml(
    s3Root('ListBucketResult', [
      xmlElement('Name', bucket),
      xmlElement('Prefix', encode(prefix)),
      ...(delimiter ? [xmlElement('Delimiter', encode(delimiter))] : []),
      ...(startAfter ? [xmlElement('StartAfter', encode(startAfter))] : []),
      ...(token !== undefined ? [xmlElement('ContinuationToken', token)] : []),
      xmlElement('KeyCount', String(contents.length + prefixes.length)),
      xmlElement('MaxKeys', String(maxKeys)),
      ...(urlEncoded ? [xmlElement('EncodingType', 'url')] : []),
      xmlElement('IsTruncated', String(truncated)),
      ...(truncated
        ? [xmlElement('NextContinuationToken', Buffer.from(resumeAfter).toString('base64url'))]
        : []),
      ...contents,
      ...prefixes.map((p) => xmlElement('CommonPrefixes', xmlElement('Prefix', encode(p)), false)),
    ]),
  );
}

function xml(body: string): S3Response {
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}
