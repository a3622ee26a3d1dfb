import { media } from '../../lib/description/limits';
import type { ImageInfo, ImageProcessor } from './image-processor';
import { decoderFormat, sniffImageType } from './magic-bytes';
import { mediaKeys, parseUploadKey, type Media, type Rendition } from './media';
import type { MediaRepository } from './media-repository';
import type { ObjectStorage } from './object-storage';

export interface ProcessUploadDeps {
  readonly media: MediaRepository;
  readonly storage: ObjectStorage;
  readonly images: ImageProcessor;
  readonly now?: () => Date;
}

export type UploadVerdict =
  | { readonly kind: 'ready'; readonly mediaId: string }
  | { readonly kind: 'rejected'; readonly mediaId: string; readonly reason: string }
  /** Not a key this service handed out: left alone. */
  | { readonly kind: 'ignored'; readonly reason: string }
  /** No (or no longer a) pending record for it: the upload is removed. */
  | { readonly kind: 'discarded'; readonly reason: string };

const limits = media;
const typeName: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
};

/**
 * The media worker's job for one uploaded object: trust nothing the client
 * said. The bytes must be the declared type (magic bytes and the decoder
 * agree), the declared size, and of sane dimensions; then they are decoded
 * and re-encoded as a web version and a thumbnail. What fails is rejected
 * with its reason and deleted. Safe to run twice for the same upload.
 */
export async function processUpload(
  deps: ProcessUploadDeps,
  upload: { readonly key: string },
): Promise<UploadVerdict> {
  const ids = parseUploadKey(upload.key);
  if (!ids) return { kind: 'ignored', reason: `not an upload key: ${upload.key}` };
  const now = deps.now ?? (() => new Date());
  const record = await deps.media.get(ids.postId, ids.mediaId);
  if (!record || record.state !== 'pending') {
    // Expired, forged, or already decided (a repeated event): keep nothing unaccounted for.
    await deps.storage.delete(upload.key);
    return {
      kind: 'discarded',
      reason: record ? `already ${record.state}` : 'no pending media for this upload',
    };
  }
  const object = await deps.storage.read(upload.key);
  if (!object) return { kind: 'ignored', reason: 'the upload is gone (handled already)' };

  const examined = await examine(deps.images, record, object);
  if ('reason' in examined) return reject(deps, record, examined.reason, now());
  const { info } = examined;

  let renditions;
  try {
    renditions = await deps.images.renditions(object.bytes, limits);
  } catch (error) {
    return reject(
      deps,
      record,
      `the image data is corrupt or truncated (${(error as Error).message})`,
      now(),
    );
  }
  const web = await store(deps.storage, mediaKeys.web(record.post_id, record.id), renditions.web);
  const thumbnail = await store(
    deps.storage,
    mediaKeys.thumbnail(record.post_id, record.id),
    renditions.thumbnail,
  );
  const finished = await deps.media.finish(
    record.post_id,
    record.id,
    { state: 'ready', width: info.width, height: info.height, web, thumbnail },
    now(),
  );
  if (!finished && !(await deps.media.get(record.post_id, record.id))) {
    // The post (and its media record) was deleted meanwhile: nothing may outlive it.
    // (Not finished but still there is a duplicate run that decided first: its renditions stay.)
    await Promise.all([web.key, thumbnail.key].map((key) => deps.storage.delete(key)));
  }
  // The original goes: it may carry EXIF (GPS) data, and only the renditions are served.
  await deps.storage.delete(upload.key);
  return { kind: 'ready', mediaId: record.id };
}

/** The image's facts, or why these bytes are not the image that was declared. */
async function examine(
  images: ImageProcessor,
  record: Media,
  object: { bytes: Uint8Array; contentType: string },
): Promise<{ info: ImageInfo } | { reason: string }> {
  const reason = (text: string) => ({ reason: text });
  const { bytes } = object;
  const declared = typeName[record.content_type] ?? record.content_type;
  if (bytes.length > limits.maxUploadBytes) {
    return reason(`the file is ${bytes.length} bytes; the limit is ${limits.maxUploadBytes}`);
  }
  if (bytes.length !== record.size) {
    return reason(`the file is ${bytes.length} bytes, not the ${record.size} declared`);
  }
  if (object.contentType !== record.content_type) {
    return reason(
      `the file was stored as ${object.contentType}, not the declared ${record.content_type}`,
    );
  }
  const sniffed = sniffImageType(bytes);
  if (!sniffed) return reason(`the bytes are not a JPEG, PNG or WebP image (declared ${declared})`);
  if (sniffed !== record.content_type) {
    return reason(
      `the bytes are a ${typeName[sniffed] ?? sniffed} image, not the declared ${declared}`,
    );
  }
  const info = await images.inspect(bytes);
  if (!info || info.format !== decoderFormat[record.content_type]) {
    return reason(`the file cannot be read as a ${declared} image`);
  }
  if (info.width < 1 || info.height < 1) return reason('the image has no pixels');
  if (
    info.width > limits.maxSide ||
    info.height > limits.maxSide ||
    info.width * info.height > limits.maxPixels
  ) {
    return reason(
      `the image is ${info.width}x${info.height}; at most ${limits.maxSide} pixels a side and ${limits.maxPixels} in all`,
    );
  }
  return { info };
}

async function reject(
  deps: ProcessUploadDeps,
  record: Media,
  reason: string,
  at: Date,
): Promise<UploadVerdict> {
  // The verdict is recorded before the bytes go: a retry after a failed delete finds it decided.
  await deps.media.finish(record.post_id, record.id, { state: 'rejected', reason }, at);
  await deps.storage.delete(record.upload_key);
  return { kind: 'rejected', mediaId: record.id, reason };
}

async function store(
  storage: ObjectStorage,
  key: string,
  image: { bytes: Uint8Array; width: number; height: number },
): Promise<Rendition> {
  await storage.write(key, image.bytes, 'image/webp');
  return {
    key,
    width: image.width,
    height: image.height,
    bytes: image.bytes.length,
    content_type: 'image/webp',
  };
}
