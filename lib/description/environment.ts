/**
 * The environment contract: what the stack and the local cloud write into a
 * function's environment. Names and limits the handler needs come from the
 * description itself, not from variables.
 */
import { backoffPairText, type BackoffPair } from './backoff-pair';
import { functions, type FunctionName } from './functions';
import { queueOfWorker, type QueueName } from './queues';
import type { FunctionSpec } from './types';

/**
 * The environment a function sees; both the stack and the local runtime set
 * exactly this (plus, locally, the emulated endpoints). Names and limits the
 * handler needs come from this module itself, not from variables.
 */
export function functionEnvironment(
  resources: FunctionResources,
  spec?: Pick<FunctionSpec, 'uses' | 'bucketAccess' | 'secrets'>,
): Record<string, string> {
  const uses = spec?.uses ?? [];
  const { cache, partnerApiUrl, queueUrls, mediaBucket } = resources;
  return {
    TABLE_NAME: resources.tableName,
    // Stack traces that point at the TypeScript source.
    NODE_OPTIONS: '--enable-source-maps',
    // Only a function granted something in the media bucket is told its name.
    ...(spec?.bucketAccess?.length && mediaBucket ? { MEDIA_BUCKET: mediaBucket } : {}),
    ...(uses.includes('cache') && cache
      ? {
          CACHE_URL: cache.url,
          ...(cache.iamUser ? { CACHE_USER: cache.iamUser } : {}),
          ...(cache.name ? { CACHE_NAME: cache.name } : {}),
        }
      : {}),
    // There is a cache, and a prober records its status where this function can read it.
    ...(uses.includes('cache-status') && cache ? { CACHE_PROBED: 'true' } : {}),
    ...(uses.includes('partner') && partnerApiUrl ? { PARTNER_API_URL: partnerApiUrl } : {}),
    ...(uses.includes('queue-status') ? { QUEUE_URLS: JSON.stringify(queueUrls ?? {}) } : {}),
    // Only the functions that seal or open webhook secrets are told the key.
    ...(spec?.secrets && resources.secretsKey ? { WEBHOOK_SECRETS_KEY: resources.secretsKey } : {}),
  };
}

/** Where a function's dependencies are, as the stack or the local runtime knows them. */
export interface FunctionResources {
  readonly tableName: string;
  /** Absent when there is no cache (`-c cache=off`). */
  readonly cache?: CacheConnection;
  readonly partnerApiUrl?: string;
  /** Every described queue, by name: what the health check probes. */
  readonly queueUrls?: Readonly<Record<string, string>>;
  /** The media bucket, for the functions with `bucketAccess`. */
  readonly mediaBucket?: string;
  /** The webhook secrets key (a KMS key ARN; locally `local:<base64 key>`), for `secrets`. */
  readonly secretsKey?: string;
}

export interface CacheConnection {
  /** `rediss://host:port` (TLS) in the cloud; `redis://…` or `memory:` locally. */
  readonly url: string;
  /** IAM authentication: the ElastiCache user id and the serverless cache's name. */
  readonly iamUser?: string;
  readonly name?: string;
}

/** The variable holding a queue's URL, e.g. `TEXT_ANALYSIS_QUEUE_URL`. */
export function queueUrlVariable(queue: QueueName): string {
  return `${queue.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_QUEUE_URL`;
}

/**
 * The queue URLs a function sees: those it sends to, and a worker's own
 * queue (it changes the visibility of messages it will retry later).
 */
export function queueEnvironment(
  name: FunctionName,
  urlOf: (queue: QueueName) => string,
  spec: Pick<FunctionSpec, 'sendsTo'> = functions[name],
): Record<string, string> {
  const own = queueOfWorker(name);
  const used = [...(spec.sendsTo ?? []), ...(own ? [own] : [])];
  return Object.fromEntries(used.map((queue) => [queueUrlVariable(queue), urlOf(queue)]));
}

/** What the local cloud knows that the cloud never tells a function. */
export interface LocalCloudResources {
  /** The emulators, for the SDK clients. */
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly sqs: string };
  /** The emulators' fixed credentials. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** A queue's retry backoff as this local cloud runs it (tests shorten it). */
  readonly retryBackoff?: (queue: QueueName) => BackoffPair;
  readonly maxReceiveCount?: (queue: QueueName) => number;
}

/**
 * What only the local cloud writes, on top of `functionEnvironment` and
 * `queueEnvironment`: the emulators' endpoints and credentials for every
 * function it runs and, for a described function, the local-only switches
 * (webhooks may call this machine; a worker's backoff as the tests set it).
 */
export function localCloudEnvironment(
  local: LocalCloudResources,
  name?: FunctionName,
): Record<string, string> {
  const queue = name ? queueOfWorker(name) : undefined;
  const backoff = queue ? local.retryBackoff?.(queue) : undefined;
  const maxReceiveCount = queue ? local.maxReceiveCount?.(queue) : undefined;
  return {
    AWS_ACCESS_KEY_ID: local.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local.credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: local.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: local.endpoints.s3,
    AWS_ENDPOINT_URL_SQS: local.endpoints.sqs,
    ...(name ? { WEBHOOK_URLS_ALLOW_LOOPBACK: 'true' } : {}),
    ...(backoff ? { LOCAL_RETRY_BACKOFF: backoffPairText(backoff) } : {}),
    ...(maxReceiveCount ? { LOCAL_MAX_RECEIVE_COUNT: String(maxReceiveCount) } : {}),
  };
}
