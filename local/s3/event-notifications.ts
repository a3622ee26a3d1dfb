import { randomBytes } from 'node:crypto';
import type { ObjectInfo } from './object-store';

/** S3's event types as a notification configuration names them, e.g. `s3:ObjectCreated:*`. */
export type S3EventType =
  | 's3:ObjectCreated:*'
  | 's3:ObjectCreated:Put'
  | 's3:ObjectCreated:Post'
  | 's3:ObjectCreated:Copy'
  | 's3:ObjectRemoved:*'
  | 's3:ObjectRemoved:Delete';

/** The JSON S3 sends to a queue, a topic or a function (event message structure 2.1). */
export interface S3EventMessage {
  readonly Records: readonly S3EventRecord[];
}

export interface S3EventRecord {
  readonly eventVersion: '2.1';
  readonly eventSource: 'aws:s3';
  readonly awsRegion: string;
  readonly eventTime: string;
  /** Without the `s3:` prefix, e.g. `ObjectCreated:Post`. */
  readonly eventName: string;
  readonly userIdentity: { readonly principalId: string };
  readonly requestParameters: { readonly sourceIPAddress: string };
  readonly responseElements: { readonly 'x-amz-request-id': string; readonly 'x-amz-id-2': string };
  readonly s3: {
    readonly s3SchemaVersion: '1.0';
    readonly configurationId: string;
    readonly bucket: {
      readonly name: string;
      readonly ownerIdentity: { readonly principalId: string };
      readonly arn: string;
    };
    readonly object: {
      /** URL-encoded as S3 does it: spaces as `+`, `/` kept. */
      readonly key: string;
      readonly size?: number;
      readonly eTag?: string;
      readonly sequencer: string;
    };
  };
}

/** Where a bucket's events go: like a NotificationConfiguration entry, with a callback as destination. */
export interface NotificationTarget {
  readonly id: string;
  readonly bucket: string;
  readonly events: readonly S3EventType[];
  readonly prefix?: string;
  readonly suffix?: string;
  readonly deliver: (message: S3EventMessage) => Promise<void>;
}

export interface ObjectEvent {
  readonly bucket: string;
  /** e.g. `ObjectCreated:Put`. */
  readonly name: string;
  readonly object: Pick<ObjectInfo, 'key'> & Partial<Pick<ObjectInfo, 'size' | 'etag'>>;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly principalId: string;
  readonly region: string;
}

export function matches(target: NotificationTarget, event: ObjectEvent): boolean {
  if (target.bucket !== event.bucket) return false;
  const { key } = event.object;
  if (target.prefix !== undefined && !key.startsWith(target.prefix)) return false;
  if (target.suffix !== undefined && !key.endsWith(target.suffix)) return false;
  const [family] = event.name.split(':');
  return target.events.some(
    (type) => type === `s3:${event.name}` || type === `s3:${family ?? ''}:*`,
  );
}

let sequence = 0n;

export function eventMessage(target: NotificationTarget, event: ObjectEvent): S3EventMessage {
  sequence += 1n;
  const { object } = event;
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: event.region,
        eventTime: new Date().toISOString(),
        eventName: event.name,
        userIdentity: { principalId: event.principalId },
        requestParameters: { sourceIPAddress: event.sourceIp },
        responseElements: {
          'x-amz-request-id': event.requestId,
          'x-amz-id-2': randomBytes(32).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: target.id,
          bucket: {
            name: event.bucket,
            ownerIdentity: { principalId: event.principalId },
            arn: `arn:aws:s3:::${event.bucket}`,
          },
          object: {
            key: eventKey(object.key),
            ...(object.size !== undefined ? { size: object.size } : {}),
            ...(object.etag !== undefined ? { eTag: object.etag } : {}),
            // Orders events for one key; S3's is opaque hex that only grows.
            sequencer: (BigInt(Date.now()) * 1_000_000n + sequence).toString(16).toUpperCase(),
          },
        },
      },
    ],
  };
}

/** Object keys in event messages are form-URL-encoded: `photo 1.jpg` -> `photo+1.jpg`. */
export function eventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/');
}
