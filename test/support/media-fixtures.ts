import type { SQSEvent } from 'aws-lambda';
import sharp from 'sharp';
import { sqsRecord } from './sqs-record';

/** A real image of the given size and format, with some detail so it does not compress to nothing. */
export async function image(
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' = 'png',
): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#2266aa"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#ffcc00"/>
  </svg>`;
  return sharp(Buffer.from(svg)).toFormat(format).toBuffer();
}

/** What a media upload ticket carries, as POST /posts/{id}/media answers it. */
export interface UploadTicket {
  readonly id: string;
  readonly post_id: string;
  readonly upload: { readonly url: string; readonly fields: Record<string, string> };
}

/** Uploads like a browser form: the presigned fields, then the file. */
export async function formUpload(
  ticket: UploadTicket,
  bytes: Uint8Array,
  override: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...ticket.upload.fields, ...override })) {
    form.append(name, value);
  }
  form.append('file', new Blob([bytes]), 'upload.bin');
  const response = await fetch(ticket.upload.url, { method: 'POST', body: form });
  return { status: response.status, text: await response.text() };
}

/** An SQS event as the event source mapping hands it to a worker: one record per body. */
export function sqsEvent(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body) => sqsRecord(body)),
  };
}

/** Width, height and format of encoded image bytes. */
export async function dimensions(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  return { format: meta.format, width: meta.width, height: meta.height };
}
