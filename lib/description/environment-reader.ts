/**
 * The one place function code reads its environment: each variable as
 * environment-variables.ts declares it, validated, with one error naming
 * the variable that is missing or malformed and who should have written it.
 * Nothing else under functions/ touches `process.env`.
 */
import { parseBackoffPair, type BackoffPair } from './backoff-pair';
import type { CacheConnection } from './environment';
import { queueUrlVariable } from './environment';
import { environmentVariable, type EnvironmentVariable } from './environment-variables';
import type { QueueName } from './queues';

/** Where variables come from: `process.env` in a function, a plain record in a test. */
export type EnvironmentSource = Readonly<Record<string, string | undefined>>;

/** A variable missing or malformed: the function cannot be what the description says. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

/** One function's view of its environment; each read is parsed once per distinct value. */
export interface FunctionEnvironment {
  tableName(): string;
  mediaBucket(): string;
  /** Absent: this function has no cache here. */
  cache(): (CacheConnection & { readonly region?: string }) | undefined;
  /** Absent: no partner API is configured here. */
  partnerApiUrl(): URL | undefined;
  /** The key sealing webhook secrets (a KMS key ARN, or `local:<base64>`); absent: none here. */
  webhookSecretsKey(): string | undefined;
  /** The cache's status is what its prober recorded in the table (the health check). */
  cacheProbed(): boolean;
  /** Every queue by name (the health check's), `{}` when unset. */
  queueUrls(): Readonly<Record<string, string>>;
  /** The URL of a queue this function sends to or consumes. */
  queueUrl(queue: QueueName): string;
  /** The local emulator's endpoint for an SDK client; `undefined` in the cloud. */
  endpoint(service: 'dynamodb' | 's3' | 'sqs'): string | undefined;
  /** Local only: webhooks may call this machine. */
  webhooksMayCallLoopback(): boolean;
  /** Local only: a test's shorter retry backoff, replacing the queue's. */
  retryBackoffOverride(): BackoffPair | undefined;
  /** Local only: a test's smaller maxReceiveCount, replacing the queue's. */
  maxReceiveCountOverride(): number | undefined;
}

/**
 * The environment of function `fn` (named in errors; by default Lambda's name
 * for it). `source` defaults to this process's environment.
 */
export function readEnvironment(
  fn?: string,
  source: EnvironmentSource = process.env,
): FunctionEnvironment {
  const label = fn ?? source.AWS_LAMBDA_FUNCTION_NAME ?? 'posts-api';
  const parsed = parsedValues(source);

  function optional<T>(name: string): T | undefined {
    const variable = declared(name);
    const raw = source[name];
    if (raw === undefined || raw === '') return undefined;
    const known = parsed.get(name);
    if (known?.raw === raw) return known.value as T;
    const result = variable.schema?.safeParse(raw) ?? { success: true, data: raw };
    if (!result.success) {
      const problems = result.error.issues
        .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ` : '') + issue.message)
        .join('; ');
      throw new EnvironmentError(
        `${label}: environment variable ${name} is malformed (${problems}); ${origin(variable)}`,
      );
    }
    parsed.set(name, { raw, value: result.data });
    return result.data as T;
  }

  function required<T>(name: string): T {
    const value = optional<T>(name);
    if (value === undefined) {
      throw new EnvironmentError(
        `${label}: environment variable ${name} is missing (${origin(declared(name))})`,
      );
    }
    return value;
  }

  return {
    tableName: () => required('TABLE_NAME'),
    mediaBucket: () => required('MEDIA_BUCKET'),
    cache: () => {
      const url = optional<string>('CACHE_URL');
      if (!url) return undefined;
      return {
        url,
        iamUser: optional('CACHE_USER'),
        name: optional('CACHE_NAME'),
        region: optional('AWS_REGION'),
      };
    },
    partnerApiUrl: () => {
      const url = optional<string>('PARTNER_API_URL');
      return url === undefined ? undefined : new URL(url);
    },
    webhookSecretsKey: () => optional('WEBHOOK_SECRETS_KEY'),
    cacheProbed: () => optional<boolean>('CACHE_PROBED') ?? false,
    queueUrls: () => optional('QUEUE_URLS') ?? {},
    queueUrl: (queue) => required(queueUrlVariable(queue)),
    endpoint: (service) => optional(`AWS_ENDPOINT_URL_${service.toUpperCase()}`),
    webhooksMayCallLoopback: () => optional<boolean>('WEBHOOK_URLS_ALLOW_LOOPBACK') ?? false,
    retryBackoffOverride: () => {
      // Its schema has checked the form already.
      const pair = optional<string>('LOCAL_RETRY_BACKOFF');
      return pair === undefined ? undefined : parseBackoffPair(pair);
    },
    maxReceiveCountOverride: () => {
      const count = optional<string>('LOCAL_MAX_RECEIVE_COUNT');
      return count === undefined ? undefined : Number(count);
    },
  };
}

function declared(name: string): EnvironmentVariable {
  const variable = environmentVariable(name);
  // A programming error: every read goes through the declared list.
  if (!variable) throw new Error(`${name} is not in the environment contract`);
  return variable;
}

function origin(variable: EnvironmentVariable): string {
  const writer = {
    stack: 'the stack',
    'local cloud': 'the local cloud only',
    lambda: 'Lambda',
  }[variable.writtenBy];
  return `written by ${writer} for ${variable.readBy}`;
}

/** Parsed values per source, kept while the raw value stays the same. */
const parsedBySource = new WeakMap<
  EnvironmentSource,
  Map<string, { raw: string; value: unknown }>
>();

function parsedValues(source: EnvironmentSource): Map<string, { raw: string; value: unknown }> {
  let values = parsedBySource.get(source);
  if (!values) {
    values = new Map();
    parsedBySource.set(source, values);
  }
  return values;
}
