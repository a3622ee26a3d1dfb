import { createHash } from 'node:crypto';
import type { MessageAttributes } from './types';

// Transport type bytes of AWS's attribute digest: String and Number travel as
// strings, Binary as bytes.
const STRING_TRANSPORT = 1;
const BINARY_TRANSPORT = 2;

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function isBinaryDataType(dataType: string): boolean {
  return dataType === 'Binary' || dataType.startsWith('Binary.');
}

/**
 * MD5OfMessageAttributes exactly as SQS computes it: names sorted, then for
 * each attribute the name, the data type (custom suffix included), one
 * transport byte and the value, every variable-length part prefixed with its
 * byte length as a 4-byte big-endian integer. Returns undefined for no
 * attributes because SQS then omits the digest altogether.
 */
export function md5OfMessageAttributes(attributes: MessageAttributes): string | undefined {
  // Code-unit order, as SQS and the Java SDK's TreeMap sort the names.
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name];
    if (!value) continue;
    updateWithLength(hash, Buffer.from(name, 'utf8'));
    updateWithLength(hash, Buffer.from(value.DataType, 'utf8'));
    if (isBinaryDataType(value.DataType)) {
      hash.update(Uint8Array.of(BINARY_TRANSPORT));
      updateWithLength(hash, Buffer.from(value.BinaryValue ?? '', 'base64'));
    } else {
      hash.update(Uint8Array.of(STRING_TRANSPORT));
      updateWithLength(hash, Buffer.from(value.StringValue ?? '', 'utf8'));
    }
  }
  return hash.digest('hex');
}

function updateWithLength(hash: ReturnType<typeof createHash>, bytes: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}
