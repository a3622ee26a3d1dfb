import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { onTestFinished } from 'vitest';
import {
  startS3Server,
  type S3EventMessage,
  type S3Server,
  type S3ServerOptions,
} from '../../local/s3';

export const BUCKET = 'test-bucket';
export const REGION = 'us-east-1';
export const credentials = { accessKeyId: 'AKIDLOCALS3', secretAccessKey: 'local-secret' };

export interface LocalS3 {
  server: S3Server;
  s3: S3Client;
  dataDir: string;
  /** Every notification delivered for `ObjectCreated:*` and `ObjectRemoved:*` in BUCKET. */
  events: S3EventMessage[];
  /** The server's clock is the real one shifted by this many ms. */
  clockOffsetMs: number;
  restart(): Promise<void>;
  client(
    overrides?: Partial<{ accessKeyId: string; secretAccessKey: string; region: string }>,
  ): S3Client;
}

type Options = Partial<Omit<S3ServerOptions, 'dataDir' | 'port' | 'region' | 'credentials'>>;

/** A server on a free port with its own temporary dataDir and one bucket, torn down after the test. */
export async function startLocalS3(options: Options = {}): Promise<LocalS3> {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-s3-test-'));
  const clients: S3Client[] = [];
  const start = (): Promise<S3Server> =>
    startS3Server({
      port: 0,
      dataDir,
      region: REGION,
      credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]),
      buckets: [
        {
          name: BUCKET,
          cors: [
            {
              allowedOrigins: ['*'],
              allowedMethods: ['GET', 'POST'],
              allowedHeaders: ['*'],
              exposedHeaders: ['ETag'],
              maxAgeSeconds: 300,
            },
          ],
        },
      ],
      notifications: [
        {
          id: 'all',
          bucket: BUCKET,
          events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
          deliver: async (message) => {
            harness.events.push(message);
          },
        },
      ],
      now: () => new Date(Date.now() + harness.clockOffsetMs),
      onError: () => undefined,
      ...options,
    });
  const harness: LocalS3 = {
    server: undefined as unknown as S3Server,
    s3: undefined as unknown as S3Client,
    dataDir,
    events: [],
    clockOffsetMs: 0,
    async restart() {
      await harness.server.close();
      harness.server = await start();
      harness.s3 = harness.client();
    },
    client(overrides = {}) {
      const client = new S3Client({
        endpoint: harness.server.url,
        forcePathStyle: true,
        region: overrides.region ?? REGION,
        credentials: {
          accessKeyId: overrides.accessKeyId ?? credentials.accessKeyId,
          secretAccessKey: overrides.secretAccessKey ?? credentials.secretAccessKey,
        },
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
  };
  harness.server = await start();
  harness.s3 = harness.client();
  onTestFinished(async () => {
    for (const client of clients) client.destroy();
    await harness.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return harness;
}

/** The rejection of a promise that must fail, typed for assertions on name and fields. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

/** `<Code>` and `<Message>` of an S3 XML error answer. */
export function xmlError(text: string): { code?: string; message?: string } {
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(text)?.[1]?.replace(/&quot;/g, '"'),
  };
}
