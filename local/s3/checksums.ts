import { createHash } from 'node:crypto';
import { S3Error, invalidRequest, notImplemented } from './s3-errors';

/**
 * The integrity checks S3 runs on an upload: `Content-MD5` and the flexible
 * checksums (`x-amz-checksum-crc32` is what the SDK sends by default). Node 20
 * has no CRC in zlib, hence the tables.
 */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'sha1' | 'sha256';
const algorithms: readonly ChecksumAlgorithm[] = ['crc32', 'crc32c', 'sha1', 'sha256'];

function crcTable(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

const tables = { crc32: crcTable(0xedb88320), crc32c: crcTable(0x82f63b78) };

function crc(data: Uint8Array, table: Uint32Array): Buffer {
  let c = 0xffffffff;
  for (const byte of data) c = (table[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0);
  return out;
}

/** The base64 digest, as S3 writes it in `x-amz-checksum-*`. */
export function checksum(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  switch (algorithm) {
    case 'crc32':
    case 'crc32c':
      return crc(data, tables[algorithm]).toString('base64');
    default:
      return createHash(algorithm).update(data).digest('base64');
  }
}

export interface StoredChecksum {
  readonly algorithm: ChecksumAlgorithm;
  readonly value: string;
}

/**
 * Checks every digest a request carries (headers, or the aws-chunked trailer)
 * against the bytes received; returns the checksum to keep with the object.
 */
export function verifyChecksums(
  data: Buffer,
  headers: ReadonlyMap<string, string>,
): StoredChecksum | undefined {
  const md5 = headers.get('content-md5');
  if (md5 !== undefined) {
    if (Buffer.from(md5, 'base64').length !== 16) {
      throw new S3Error(400, 'InvalidDigest', 'The Content-MD5 you specified was invalid.');
    }
    if (createHash('md5').update(data).digest('base64') !== md5) {
      throw new S3Error(
        400,
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
      );
    }
  }
  let kept: StoredChecksum | undefined;
  for (const [name, value] of headers) {
    if (!name.startsWith('x-amz-checksum-') || name === 'x-amz-checksum-type') continue;
    const algorithm = name.slice('x-amz-checksum-'.length);
    if (algorithm === 'crc64nvme') throw notImplemented('x-amz-checksum-crc64nvme');
    if (!(algorithms as readonly string[]).includes(algorithm)) {
      throw invalidRequest(`Unsupported checksum header ${name}.`);
    }
    const actual = checksum(algorithm as ChecksumAlgorithm, data);
    if (actual !== value) {
      throw new S3Error(
        400,
        'BadDigest',
        `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
    kept = { algorithm: algorithm as ChecksumAlgorithm, value };
  }
  return kept;
}
