import type { S3Event } from 'aws-lambda';

/** An object S3 reported as created, key decoded. */
export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size?: number;
}

/**
 * The objects an S3 event notification (an SQS message body) reports as
 * created. S3's `s3:TestEvent`, sent once when the notification is set up,
 * reports none. Keys arrive form-URL-encoded (`+` for a space).
 */
export function createdObjects(body: string): CreatedObject[] {
  const message = JSON.parse(body) as Partial<S3Event> & { Event?: string };
  if (message.Event === 's3:TestEvent') return [];
  if (!Array.isArray(message.Records)) throw new Error('not an S3 event notification');
  return message.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
    size: r.s3.object.size,
  }));
}
