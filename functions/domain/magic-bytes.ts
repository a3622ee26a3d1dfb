import type { MediaContentType } from './media';

/**
 * The type a file's first bytes prove, whatever its name or declared type:
 * JPEG `FF D8 FF`, PNG's 8-byte signature, WebP `RIFF....WEBP`.
 */
export function sniffImageType(bytes: Uint8Array): MediaContentType | undefined {
  const starts = (signature: readonly number[], at = 0) =>
    bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/** The decoder's format name for each accepted type. */
export const decoderFormat: Record<MediaContentType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};
