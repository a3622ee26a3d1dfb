import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { onTestFinished } from 'vitest';
import { startSqsServer, type SqsServer, type SqsServerOptions } from '../../local/sqs';

export const ACCESS_KEY_ID = 'AKIDLOCALTEST';

export interface LocalSqs {
  server: SqsServer;
  sqs: SQSClient;
  dataDir: string;
  /** Closes the server and starts a new one on the same dataDir (a new port). */
  restart(): Promise<void>;
}

type Options = Partial<Omit<SqsServerOptions, 'dataDir' | 'port'>>;

/**
 * A server on a free port with its own temporary dataDir, torn down after the test. A
 * concurrent test passes its own context's `onTestFinished`: vitest's global one does not
 * know which of the tests running side by side is calling it.
 */
export async function startLocalSqs(
  options: Options = {},
  onFinished: (cleanup: () => Promise<void>) => void = onTestFinished,
): Promise<LocalSqs> {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-sqs-test-'));
  const start = (): Promise<SqsServer> =>
    startSqsServer({ port: 0, dataDir, flushDelayMs: 10, ...options });
  const harness: LocalSqs = {
    server: await start(),
    sqs: undefined as unknown as SQSClient,
    dataDir,
    async restart() {
      harness.sqs.destroy();
      await harness.server.close();
      harness.server = await start();
      harness.sqs = client(harness.server.url);
    },
  };
  harness.sqs = client(harness.server.url);
  onFinished(async () => {
    harness.sqs.destroy();
    await harness.server.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return harness;
}

function client(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** The rejection of a promise that must fail, typed for assertions on name and fields. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** For time that is the behaviour under test (visibility timeouts, delays), never for ordering. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
