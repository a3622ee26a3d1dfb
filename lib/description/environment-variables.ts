/**
 * Every environment variable a function's code reads or the writers in
 * environment.ts set, in one list: who writes it, which functions read it,
 * how it parses, and why it exists. The reader (environment-reader.ts), the
 * contract test and docs/architecture.md enumerate this list.
 */
import * as z from 'zod/mini';
import { queueUrlVariable } from './environment';
import { queueNames, queueOfWorker } from './queues';
import type { FunctionSpec } from './types';

/**
 * - `stack`: `functionEnvironment`/`queueEnvironment`, which the CDK stack and
 *   the local cloud both call, so the two set the same thing.
 * - `local cloud`: `localCloudEnvironment` only; nothing in the cloud sets it.
 * - `lambda`: Lambda's own reserved variables (the local cloud emulates them).
 */
export type EnvironmentWriter = 'stack' | 'local cloud' | 'lambda';

export interface EnvironmentVariable {
  readonly name: string;
  readonly writtenBy: EnvironmentWriter;
  /** Which functions read it, in words (the reader's errors quote it). */
  readonly readBy: string;
  /** Whether a function reads it (or, for the runtime's, is given it). */
  readonly reads: (name: string, spec: FunctionSpec) => boolean;
  /** A reading function fails without it; otherwise absent means "none" or "off". */
  readonly required: boolean;
  /** Only ever written by the local cloud: a switch the cloud never sets. */
  readonly localOnly: boolean;
  /** What a present value must be; `undefined` when no code of ours parses it. */
  readonly schema?: z.ZodMiniType;
  readonly why: string;
}

const nonEmpty = z.string().check(z.minLength(1));
const httpUrl = z.url({ protocol: /^https?$/ });
/** `memory://<namespace>` (the in-process store) or Valkey/Redis, TLS or not. */
const cacheUrl = z.url({ protocol: /^(memory|rediss?)$/ });
/** JSON: queue name -> URL. */
const queueUrls = z.pipe(
  z.pipe(
    z.string(),
    z.transform((raw, ctx): unknown => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'expected JSON', input: raw });
        return z.NEVER;
      }
    }),
  ),
  z.record(z.string(), httpUrl),
);
/** A local-only switch: exactly `true` or `false`. */
const switchValue = z.stringbool({ truthy: ['true'], falsy: ['false'] });
/** `<base>,<max>` seconds. */
const backoffPair = z.string().check(z.regex(/^\d+,\d+$/, 'expected "<base>,<max>" seconds'));

const everyFunction = () => true;
const uses =
  (dependency: NonNullable<FunctionSpec['uses']>[number]) => (_: string, spec: FunctionSpec) =>
    spec.uses?.includes(dependency) ?? false;
const localEndpoint = (service: string, sdk: string): EnvironmentVariable => ({
  name: `AWS_ENDPOINT_URL_${service}`,
  writtenBy: 'local cloud',
  readBy: 'every function',
  reads: everyFunction,
  required: false,
  localOnly: true,
  schema: httpUrl,
  why: `Points the ${sdk} client at the local emulator; unset in the cloud (the service's own endpoint).`,
});

export const environmentVariables: readonly EnvironmentVariable[] = [
  {
    name: 'TABLE_NAME',
    writtenBy: 'stack',
    readBy: 'every function',
    reads: everyFunction,
    required: true,
    localOnly: false,
    schema: nonEmpty,
    why: 'The one DynamoDB table; its physical name is only known once deployed.',
  },
  {
    name: 'NODE_OPTIONS',
    writtenBy: 'stack',
    readBy: 'Node.js itself, in every function',
    reads: everyFunction,
    required: false,
    localOnly: false,
    why: '`--enable-source-maps`: stack traces that point at the TypeScript source.',
  },
  {
    name: 'MEDIA_BUCKET',
    writtenBy: 'stack',
    readBy: 'the functions with `bucketAccess`',
    reads: (_, spec) => (spec.bucketAccess?.length ?? 0) > 0,
    required: true,
    localOnly: false,
    schema: nonEmpty,
    why: "The media bucket's generated name; only a function granted something in it is told.",
  },
  {
    name: 'CACHE_URL',
    writtenBy: 'stack',
    readBy: "the functions that use 'cache'",
    reads: uses('cache'),
    required: false,
    localOnly: false,
    schema: cacheUrl,
    why: 'Which cache: `rediss://` in the cloud, `memory://` or `redis://` locally; unset means none.',
  },
  {
    name: 'CACHE_USER',
    writtenBy: 'stack',
    readBy: "the functions that use 'cache'",
    reads: uses('cache'),
    required: false,
    localOnly: false,
    schema: nonEmpty,
    why: 'The ElastiCache user for IAM authentication (with CACHE_NAME and AWS_REGION).',
  },
  {
    name: 'CACHE_NAME',
    writtenBy: 'stack',
    readBy: "the functions that use 'cache'",
    reads: uses('cache'),
    required: false,
    localOnly: false,
    schema: nonEmpty,
    why: "The serverless cache's name, which the IAM auth token is signed for.",
  },
  {
    name: 'PARTNER_API_URL',
    writtenBy: 'stack',
    readBy: "the functions that use 'partner'",
    reads: uses('partner'),
    required: false,
    localOnly: false,
    schema: httpUrl,
    why: "The partner API's base URL (`-c partnerApiUrl=…`); unset, the endpoint answers 503.",
  },
  {
    name: 'QUEUE_URLS',
    writtenBy: 'stack',
    readBy: "the functions that use 'queue-status'",
    reads: uses('queue-status'),
    required: false,
    localOnly: false,
    schema: queueUrls,
    why: 'Every queue by name, as JSON: what the health check probes.',
  },
  {
    name: 'WEBHOOK_SECRETS_KEY',
    writtenBy: 'stack',
    readBy:
      'the functions that seal or open webhook secrets (createWebhook, webhookDeliveriesWorker, enableWebhook)',
    reads: (_name, spec) => spec.secrets !== undefined,
    required: false,
    localOnly: false,
    schema: z
      .string()
      .check(z.regex(/^(arn:aws[\w-]*:kms:|local:)/, 'expected a KMS key ARN or local:<key>')),
    why: 'The key that seals webhook signing secrets: a KMS key ARN in the cloud, local:<base64> in the local cloud.',
  },
  {
    name: 'CACHE_PROBED',
    writtenBy: 'stack',
    readBy: "the functions that use 'cache-status' (the health check)",
    reads: uses('cache-status'),
    required: false,
    localOnly: false,
    schema: switchValue,
    why: "The cache's status is the prober's record in the table, not a PING of its own (the function is outside the VPC).",
  },
  ...queueNames.map((queue): EnvironmentVariable => ({
    name: queueUrlVariable(queue),
    writtenBy: 'stack',
    readBy: `the functions that send to ${queue}, and its worker`,
    reads: (name, spec) =>
      (spec.sendsTo?.includes(queue) ?? false) || queueOfWorker(name) === queue,
    // Read per send, so a missing URL fails that send (the sweeper retries), not the start.
    required: true,
    localOnly: false,
    schema: httpUrl,
    why: `Where ${queue} jobs go; its worker changes message visibility there to back off.`,
  })),
  {
    name: 'AWS_REGION',
    writtenBy: 'lambda',
    readBy: "the functions that use 'cache' (IAM auth)",
    reads: uses('cache'),
    required: false,
    localOnly: false,
    schema: nonEmpty,
    why: 'The region the ElastiCache IAM token is signed for (the SDK reads it too).',
  },
  localEndpoint('DYNAMODB', 'DynamoDB'),
  localEndpoint('S3', 'S3'),
  localEndpoint('SQS', 'SQS'),
  ...['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map((name): EnvironmentVariable => ({
    name,
    writtenBy: 'local cloud',
    readBy: 'the AWS SDK, in every function',
    reads: everyFunction,
    required: false,
    localOnly: true,
    why: "The emulators' fixed credentials; in the cloud Lambda sets the role's instead.",
  })),
  {
    name: 'WEBHOOK_URLS_ALLOW_LOOPBACK',
    writtenBy: 'local cloud',
    readBy: 'every function (the webhook URL policy)',
    reads: everyFunction,
    required: false,
    localOnly: true,
    schema: switchValue,
    why: 'Locally the webhook receiver is on this machine; the cloud accepts public https only.',
  },
  {
    name: 'LOCAL_RETRY_BACKOFF',
    writtenBy: 'local cloud',
    readBy: 'the queue workers',
    reads: (name) => queueOfWorker(name) !== undefined,
    required: false,
    localOnly: true,
    schema: backoffPair,
    why: "A test's shorter retry backoff (`<base>,<max>` seconds) instead of the queue's.",
  },
  {
    name: 'LOCAL_MAX_RECEIVE_COUNT',
    writtenBy: 'local cloud',
    readBy: 'the queue workers',
    reads: (name) => queueOfWorker(name) !== undefined,
    required: false,
    localOnly: true,
    schema: z.string().check(z.regex(/^[1-9]\d*$/, 'expected a positive whole number')),
    why: "A test's smaller maxReceiveCount: the worker settles a job on the delivery before the DLQ.",
  },
];

/** The declared variable of that name (`undefined` when the contract has none). */
export function environmentVariable(name: string): EnvironmentVariable | undefined {
  return byName.get(name);
}

const byName = new Map(environmentVariables.map((variable) => [variable.name, variable]));
