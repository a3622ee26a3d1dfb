import { S3Error, invalidRequest } from './s3-errors';

/**
 * The `aws-chunked` content encoding the SDK uses for streamed uploads
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`):
 *   <hex size>\r\n<bytes>\r\n ... 0\r\n<trailer: value>\r\n...\r\n
 * Returns the payload and the trailing headers (the checksum goes there).
 */
export interface DecodedChunks {
  readonly payload: Buffer;
  readonly trailers: ReadonlyMap<string, string>;
}

const CRLF = Buffer.from('\r\n');

export function decodeAwsChunked(body: Buffer, decodedLength: number | undefined): DecodedChunks {
  const parts: Buffer[] = [];
  let offset = 0;
  const bad = () => new S3Error(400, 'IncompleteBody', 'The aws-chunked body is malformed.');
  for (;;) {
    const lineEnd = body.indexOf(CRLF, offset);
    if (lineEnd < 0) throw bad();
    const header = body.subarray(offset, lineEnd).toString('latin1');
    // Signed chunks carry ";chunk-signature=..."; those are refused before decoding.
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isInteger(size) || size < 0) throw bad();
    offset = lineEnd + 2;
    if (size === 0) break;
    if (offset + size + 2 > body.length) throw bad();
    parts.push(body.subarray(offset, offset + size));
    offset += size;
    if (!body.subarray(offset, offset + 2).equals(CRLF)) throw bad();
    offset += 2;
  }
  const trailers = new Map<string, string>();
  for (const line of body.subarray(offset).toString('utf8').split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw bad();
    trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const payload = Buffer.concat(parts);
  if (decodedLength !== undefined && payload.length !== decodedLength) {
    throw invalidRequest(
      `x-amz-decoded-content-length is ${decodedLength} but the chunks carry ${payload.length} bytes.`,
    );
  }
  return { payload, trailers };
}
