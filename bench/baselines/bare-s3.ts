/** The S3 client of the baselines that read, write or presign media, with the same credentials. */
import { S3Client } from '@aws-sdk/client-s3';
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const s3 = new S3Client({
  credentials: fromEnv(),
  endpoint: process.env.AWS_ENDPOINT_URL_S3 || undefined,
  forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3),
});

export const bucket = (): string => process.env.MEDIA_BUCKET ?? 'media';
