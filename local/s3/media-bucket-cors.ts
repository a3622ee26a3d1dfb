import { service } from '../../lib/description';
import type { CorsRule } from './cors';

/** The media bucket's CORS, from the same description the stack builds the bucket from. */
export function mediaBucketCors(): CorsRule[] {
  const { cors } = service.media;
  return [
    {
      allowedOrigins: cors.allowedOrigins,
      allowedMethods: cors.allowedMethods,
      allowedHeaders: cors.allowedHeaders,
      exposedHeaders: cors.exposedHeaders,
      maxAgeSeconds: cors.maxAgeSeconds,
    },
  ];
}
