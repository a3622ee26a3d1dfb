import { formBoundary, parseMultipartForm } from './multipart-form';
import { checkPostPolicy } from './post-policy';
import { entityTooLarge, invalidArgument, malformedPost, noSuchBucket } from './s3-errors';
import {
  header,
  quotedEtag,
  type S3Request,
  type S3Response,
  type ServerContext,
} from './s3-request';
import { uriEncode } from './sigv4';
import { s3Root, xmlElement } from './xml';

/** Form fields S3 stores as the object's headers. */
const headerFields = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

/**
 * A browser-form upload (`POST /<bucket>` with multipart/form-data): the
 * fields before `file` are the request, `file` is the object, anything after
 * it is ignored, as S3 does.
 */
export async function postObject(context: ServerContext, request: S3Request): Promise<S3Response> {
  const bucket = request.bucket ?? '';
  if (!context.store.hasBucket(bucket)) throw noSuchBucket(bucket);
  const boundary = formBoundary(header(request, 'content-type'));
  if (!boundary) throw malformedPost();
  const fields = new Map<string, string>();
  let file: { data: Buffer; filename?: string } | undefined;
  for (const part of parseMultipartForm(request.body, boundary)) {
    const name = part.name.toLowerCase();
    if (name === 'file') {
      file = { data: part.data, filename: part.filename };
      break;
    }
    // The first value wins when a field repeats.
    if (!fields.has(name)) fields.set(name, part.data.toString('utf8'));
  }
  const keyTemplate = fields.get('key');
  if (keyTemplate === undefined) {
    throw invalidArgument(
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      { ArgumentName: 'key', ArgumentValue: '' },
    );
  }
  if (!file) {
    throw invalidArgument('POST requires exactly one file upload per request.', {
      ArgumentName: 'file',
      ArgumentValue: '0',
    });
  }
  const key = keyTemplate.replaceAll('${filename}', file.filename ?? '');
  if (key === '') {
    throw invalidArgument('User key must have a length greater than 0.', { ArgumentName: 'key' });
  }
  const caller = checkPostPolicy({ fields, bucket, key, fileSize: file.data.length }, context.auth);
  if (file.data.length > context.maxObjectBytes) {
    throw entityTooLarge(file.data.length, context.maxObjectBytes);
  }

  const metadata: Record<string, string> = {};
  const headers: Record<string, string> = {};
  for (const [name, value] of fields) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice(11)] = value;
  }
  for (const name of headerFields) {
    const value = fields.get(name);
    if (value !== undefined) headers[name] = value;
  }
  const info = await context.store.put(bucket, key, file.data, {
    // S3 takes the type from the Content-Type field, never from the file part.
    contentType: fields.get('content-type') ?? 'binary/octet-stream',
    metadata,
    headers,
  });
  await context.emit(request, bucket, 'ObjectCreated:Post', info, caller.accessKeyId);

  const location = `${request.origin}/${uriEncode(bucket, false)}/${uriEncode(key, true)}`;
  const etag = quotedEtag(info.etag);
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
  if (redirect) {
    const url = new URL(redirect);
    url.searchParams.set('bucket', bucket);
    url.searchParams.set('key', key);
    url.searchParams.set('etag', etag);
    return { status: 303, headers: { location: url.toString(), etag } };
  }
  const status = Number(fields.get('success_action_status') ?? '204');
  if (status === 201) {
    return {
      status: 201,
      headers: { 'content-type': 'application/xml', etag, location },
      body: s3Root('PostResponse', [
        xmlElement('Location', location),
        xmlElement('Bucket', bucket),
        xmlElement('Key', key),
        xmlElement('ETag', etag),
      ]),
    };
  }
  return { status: status === 200 ? 200 : 204, headers: { etag, location } };
}
