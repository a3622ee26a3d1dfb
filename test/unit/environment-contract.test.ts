import { describe, expect, it } from 'vitest';
import {
  environmentVariables,
  functionEnvironment,
  functions,
  localCloudEnvironment,
  queueEnvironment,
  queueNames,
  queues,
  queueUrlVariable,
  readEnvironment,
  type FunctionEnvironment,
  type FunctionName,
  type FunctionResources,
  type LocalCloudResources,
} from '../../lib/description';

/**
 * The environment contract as a deployed function meets it: what the stack
 * and the local cloud write is what the reader accepts, every variable
 * either side touches is declared, and a missing or malformed one fails with
 * an error naming it.
 */
const functionNames = Object.keys(functions) as FunctionName[];
const queueUrl = (queue: string) => `https://sqs.eu-west-1.amazonaws.com/123456789012/${queue}`;
const resources: FunctionResources = {
  tableName: 'posts-table',
  cache: { url: 'rediss://cache.example:6379', iamUser: 'cache-user', name: 'posts-cache' },
  partnerApiUrl: 'https://partner.example/v1/',
  queueUrls: Object.fromEntries(queueNames.map((queue) => [queue, queueUrl(queue)])),
  mediaBucket: 'media-bucket',
  secretsKey: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};
const local: LocalCloudResources = {
  endpoints: {
    dynamodb: 'http://127.0.0.1:8000',
    s3: 'http://127.0.0.1:4569',
    sqs: 'http://127.0.0.1:9324',
  },
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  retryBackoff: (queue) => queues[queue].retryBackoff,
  maxReceiveCount: (queue) => queues[queue].maxReceiveCount,
};

function stackWrites(name: FunctionName): Record<string, string> {
  return {
    ...functionEnvironment(resources, functions[name]),
    ...queueEnvironment(name, queueUrl),
  };
}

/** Everything a function sees locally: the stack's variables, the local cloud's, Lambda's region. */
function localWrites(name: FunctionName): Record<string, string> {
  return { ...stackWrites(name), ...localCloudEnvironment(local, name), AWS_REGION: 'eu-west-1' };
}

/** How function code reads each variable that our code parses (the reader's typed accessors). */
const accessors: Record<string, (environment: FunctionEnvironment) => unknown> = {
  TABLE_NAME: (e) => e.tableName(),
  MEDIA_BUCKET: (e) => e.mediaBucket(),
  CACHE_URL: (e) => e.cache()?.url,
  CACHE_USER: (e) => e.cache()?.iamUser,
  CACHE_NAME: (e) => e.cache()?.name,
  AWS_REGION: (e) => e.cache()?.region,
  CACHE_PROBED: (e) => e.cacheProbed(),
  WEBHOOK_SECRETS_KEY: (e) => e.webhookSecretsKey(),
  PARTNER_API_URL: (e) => e.partnerApiUrl()?.href,
  QUEUE_URLS: (e) => e.queueUrls(),
  ...Object.fromEntries(
    queueNames.map((queue) => [
      queueUrlVariable(queue),
      (e: FunctionEnvironment) => e.queueUrl(queue),
    ]),
  ),
  AWS_ENDPOINT_URL_DYNAMODB: (e) => e.endpoint('dynamodb'),
  AWS_ENDPOINT_URL_S3: (e) => e.endpoint('s3'),
  AWS_ENDPOINT_URL_SQS: (e) => e.endpoint('sqs'),
  WEBHOOK_URLS_ALLOW_LOOPBACK: (e) => e.webhooksMayCallLoopback(),
  LOCAL_RETRY_BACKOFF: (e) => e.retryBackoffOverride(),
  LOCAL_MAX_RECEIVE_COUNT: (e) => e.maxReceiveCountOverride(),
};

/** Values each parsed variable must refuse. */
const malformed: Record<string, readonly string[]> = {
  CACHE_URL: ['cache.example:6379', 'http://cache.example'],
  CACHE_PROBED: ['yes'],
  WEBHOOK_SECRETS_KEY: ['some-key'],
  PARTNER_API_URL: ['partner.example', 'ftp://partner.example'],
  QUEUE_URLS: ['{', '["https://sqs.example/q"]', '{"notifications":42}'],
  ...Object.fromEntries(queueNames.map((queue) => [queueUrlVariable(queue), ['not a url']])),
  AWS_ENDPOINT_URL_DYNAMODB: ['127.0.0.1:8000'],
  AWS_ENDPOINT_URL_S3: ['127.0.0.1:4569'],
  AWS_ENDPOINT_URL_SQS: ['127.0.0.1:9324'],
  WEBHOOK_URLS_ALLOW_LOOPBACK: ['yes'],
  LOCAL_RETRY_BACKOFF: ['10', '1,x'],
  LOCAL_MAX_RECEIVE_COUNT: ['0', 'five'],
};

const parsed = environmentVariables.filter((variable) => variable.schema);

describe('the environment contract', () => {
  it('declares each variable once, with a reason, and a parser wherever our code reads it', () => {
    const names = environmentVariables.map((variable) => variable.name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of environmentVariables) {
      expect(variable.why, variable.name).not.toBe('');
      expect(variable.localOnly, variable.name).toBe(variable.writtenBy === 'local cloud');
    }
    expect(parsed.map((variable) => variable.name).sort()).toEqual(Object.keys(accessors).sort());
  });

  it.each(functionNames)(
    '%s: writes only declared variables, each by its declared writer',
    (name) => {
      const spec = functions[name];
      const expectWrittenBy = (written: Record<string, string>, writer: string) => {
        for (const key of Object.keys(written)) {
          const variable = environmentVariables.find((v) => v.name === key);
          expect(variable, `${key} is not declared`).toBeDefined();
          expect(variable?.writtenBy, key).toBe(writer);
          expect(
            variable?.reads(name, spec),
            `${key} is written to ${name}, which does not read it`,
          ).toBe(true);
        }
      };
      expectWrittenBy(stackWrites(name), 'stack');
      expectWrittenBy(localCloudEnvironment(local, name), 'local cloud');
    },
  );

  it.each(functionNames)('%s: the reader yields every variable the function reads', (name) => {
    const spec = functions[name];
    const written = localWrites(name);
    const environment = readEnvironment(name, written);
    for (const variable of parsed.filter((v) => v.reads(name, spec))) {
      expect(written, `${variable.name} is not written for ${name}`).toHaveProperty(variable.name);
      expect(accessors[variable.name]?.(environment), variable.name).toBeDefined();
    }
    expect(environment.tableName()).toBe(resources.tableName);
    expect(environment.webhooksMayCallLoopback()).toBe(true);
    if (spec.uses?.includes('queue-status')) {
      expect(environment.queueUrls()).toEqual(resources.queueUrls);
    }
    if (spec.uses?.includes('cache')) {
      expect(environment.cache()).toEqual({ ...resources.cache, region: 'eu-west-1' });
    }
  });

  it.each(functionNames)('%s: refuses a missing required variable, naming it', (name) => {
    const spec = functions[name];
    const required = parsed.filter((v) => v.required && v.reads(name, spec));
    expect(required.map((v) => v.name)).toContain('TABLE_NAME');
    for (const variable of required) {
      const source = { ...localWrites(name), [variable.name]: undefined };
      expect(() => accessors[variable.name]?.(readEnvironment(name, source))).toThrow(
        `${name}: environment variable ${variable.name} is missing (written by the stack for ${variable.readBy})`,
      );
    }
  });

  it.each(functionNames)('%s: refuses a malformed variable, naming it', (name) => {
    const spec = functions[name];
    for (const variable of parsed.filter((v) => v.reads(name, spec))) {
      for (const value of malformed[variable.name] ?? []) {
        const source = { ...localWrites(name), [variable.name]: value };
        expect(() => accessors[variable.name]?.(readEnvironment(name, source))).toThrow(
          `${name}: environment variable ${variable.name} is malformed`,
        );
      }
    }
  });

  it('reads the local-only switches as off when the cloud leaves them unset', () => {
    const environment = readEnvironment('notificationsWorker', stackWrites('notificationsWorker'));
    expect(environment.webhooksMayCallLoopback()).toBe(false);
    expect(environment.retryBackoffOverride()).toBeUndefined();
    expect(environment.maxReceiveCountOverride()).toBeUndefined();
    expect(environment.endpoint('dynamodb')).toBeUndefined();
  });
});
