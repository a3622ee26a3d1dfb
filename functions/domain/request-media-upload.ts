import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { media } from '../../lib/description/limits';
import type { Caller } from './caller';
import { DomainError, forbidden, notFound } from './errors';
import { mediaKeys, type Media } from './media';
import type { MediaRepository } from './media-repository';
import { presignedUploadSchema, type ObjectStorage } from './object-storage';
import { isoDateTime } from './post';
import { parse, postIdSchema } from './post-input';

const limits = media;
const megabytes = limits.maxUploadBytes / (1024 * 1024);

export const uploadRequestSchema = z.strictObject({
  content_type: z.enum(limits.contentTypes, {
    error: `one of ${limits.contentTypes.join(', ')}`,
  }),
  size: z
    .number({ error: 'the file size in bytes, a whole number' })
    .check(
      z.int('the file size in bytes, a whole number'),
      z.gte(1, 'at least 1 byte'),
      z.lte(limits.maxUploadBytes, `at most ${limits.maxUploadBytes} bytes (${megabytes} MB)`),
    ),
});

export interface RequestMediaUploadDeps {
  readonly media: MediaRepository;
  readonly storage: ObjectStorage;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Drops the post's cached view (it now lists one more image); never throws. */
  readonly invalidate?: (postId: string) => Promise<void>;
}

export const mediaUploadTicketSchema = z.object({
  id: z.uuid(),
  post_id: z.uuid(),
  state: z.literal('pending'),
  content_type: z.enum(limits.contentTypes),
  size: z.number().check(z.int()),
  created_at: isoDateTime,
  /** Send `fields` then the file (last) as multipart/form-data to `url` before `expires_at`. */
  upload: z.object({ method: z.literal('POST'), ...presignedUploadSchema.shape }),
});
export type MediaUploadTicket = Readonly<z.infer<typeof mediaUploadTicketSchema>>;

/**
 * Hands out a presigned S3 POST for one image of the caller's own post. The bytes never pass
 * through the API: S3 itself refuses another type, another size, another key
 * or a late upload; the media worker then checks what arrived.
 */
export async function requestMediaUpload(
  deps: RequestMediaUploadDeps,
  caller: Caller,
  postId: unknown,
  body: unknown,
): Promise<MediaUploadTicket> {
  const id = parse(postIdSchema, postId, 'post id', 'id');
  const input = parse(uploadRequestSchema, body, 'upload request');
  const now = (deps.now ?? (() => new Date()))();
  const mediaId = (deps.newId ?? randomUUID)();
  const key = mediaKeys.upload(id, mediaId);
  // Signing first: nothing is written when it fails.
  const upload = await deps.storage.presignUpload(
    {
      key,
      contentType: input.content_type,
      size: input.size,
      expiresInSeconds: limits.uploadUrlTtlSeconds,
    },
    now,
  );
  const at = now.toISOString();
  const media: Media = {
    id: mediaId,
    post_id: id,
    state: 'pending',
    content_type: input.content_type,
    size: input.size,
    upload_key: key,
    created_at: at,
    updated_at: at,
  };
  const expiresAt = new Date(now.getTime() + limits.pendingTtlSeconds * 1000);
  const outcome = await deps.media.reserve(media, caller.userId, limits.maxPerPost, expiresAt);
  if (outcome === 'no_post') throw notFound(`No post has the id ${id}.`);
  if (outcome === 'not_owner') throw forbidden('Only the author of a post may add images to it.');
  if (outcome === 'full') {
    throw new DomainError(
      'conflict',
      `A post takes at most ${limits.maxPerPost} images; this one has had them all.`,
    );
  }
  await deps.invalidate?.(id);
  return {
    id: mediaId,
    post_id: id,
    state: 'pending',
    content_type: input.content_type,
    size: input.size,
    created_at: at,
    upload: { method: 'POST', ...upload },
  };
}
