export { startS3Server, type S3Server, type S3ServerOptions, type BucketConfig } from './s3-server';
export type { CorsRule } from './cors';
export type {
  NotificationTarget,
  S3EventMessage,
  S3EventRecord,
  S3EventType,
} from './event-notifications';
