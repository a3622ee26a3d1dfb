import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import {
  awsCli,
  pathPython,
  queryPython,
  run,
  startAwsCliSession,
  type SqsClientProbe,
} from './clients/sqs-clients';

/**
 * The checks of the JavaScript SDK tests, with the other clients people point
 * at a local SQS: boto3 speaking JSON, an older boto3 speaking the Query
 * protocol, and the AWS CLI. One server for the file; each client uses its
 * own queue names, so they run side by side.
 */
const SCRIPT = fileURLToPath(new URL('clients/sqs_checks.py', import.meta.url));
// Each client start costs seconds on a busy 2-core machine.
const CLIENT_TIMEOUT_MS = 180_000;

for (const [name, client] of [
  ['boto3 on PATH', pathPython],
  ['Debian boto3 (Query protocol)', queryPython],
  ['the aws CLI', awsCli],
] as const) {
  if (client.missing) console.warn(`local SQS with ${name} skipped: ${client.missing}`);
}

let server: SqsServer;
let dataDir: string;
/** Added to the clock, to step over SQS's 60-second rules without waiting for them. */
let skew = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-sqs-clients-'));
  server = await startSqsServer({ port: 0, dataDir, clock: () => Date.now() + skew });
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

interface PythonChecks {
  protocol: string;
  url: string;
  getQueueUrl: string;
  sent: { id: string; md5OfAttributes: string };
  received: {
    id: string;
    body: string;
    receiveCount: string;
    senderId: string;
    kind: string;
    md5OfAttributes: string;
  }[];
  attributes: Record<string, string | null>;
  visibilityZero: string[];
  secondPurge: [string, number, string] | null;
  recreate: [string, number, string] | null;
  missing: [string, number, string] | null;
  fifoSequenceNumbers: (string | null)[];
  fifoDuplicateKeepsId: boolean;
  fifo: [string, string][];
  fifoGroupBlocked: number;
}

async function pythonChecks(client: SqsClientProbe, prefix: string): Promise<PythonChecks> {
  const result = await run(client.command ?? '', [SCRIPT, server.url, prefix]);
  if (result.code !== 0) throw new Error(`sqs_checks.py failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as PythonChecks;
}

function expectAllChecks(checks: PythonChecks, prefix: string): void {
  const url = `http://localhost:${server.port}/000000000000/${prefix}-main`;
  expect(checks.url).toBe(url);
  expect(checks.getQueueUrl).toBe(url);
  expect(checks.received).toEqual([
    {
      id: checks.sent.id,
      // A carriage return survives the XML of the Query protocol too.
      body: 'hello\r\n<&>',
      receiveCount: '1',
      senderId: 'AKIDPYTHON',
      kind: 'greeting',
      md5OfAttributes: checks.sent.md5OfAttributes,
    },
  ]);
  expect(checks.attributes).toEqual({
    ApproximateNumberOfMessages: '0',
    ApproximateNumberOfMessagesNotVisible: '0',
    VisibilityTimeout: '30',
    QueueArn: `arn:aws:sqs:us-east-1:000000000000:${prefix}-main`,
  });
  expect(checks.visibilityZero).toEqual(['once per answer']);
  // botocore names the exception class after the modelled error.
  expect(checks.secondPurge).toEqual([
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    403,
    'PurgeQueueInProgress',
  ]);
  expect(checks.recreate).toEqual([
    'AWS.SimpleQueueService.QueueDeletedRecently',
    400,
    'QueueDeletedRecently',
  ]);
  expect(checks.missing).toEqual([
    'AWS.SimpleQueueService.NonExistentQueue',
    400,
    'QueueDoesNotExist',
  ]);
  expect(checks.fifo).toEqual([
    ['first', 'g'],
    ['second', 'g'],
    ['third', 'g'],
  ]);
  expect(checks.fifoDuplicateKeepsId).toBe(true);
  expect(checks.fifoSequenceNumbers.every((n) => /^\d{20}$/.test(n ?? ''))).toBe(true);
  expect(checks.fifoGroupBlocked).toBe(0);
}

describe('local SQS with other clients', () => {
  it.skipIf(!pathPython.command)(
    'passes every check with boto3 on PATH',
    async () => {
      const checks = await pythonChecks(pathPython, 'py');
      expectAllChecks(checks, 'py');
    },
    CLIENT_TIMEOUT_MS,
  );

  it.skipIf(!queryPython.command)(
    'passes every check with an older boto3 speaking the Query protocol',
    async () => {
      const checks = await pythonChecks(queryPython, 'query');
      expect(checks.protocol).toBe('query');
      expectAllChecks(checks, 'query');
    },
    CLIENT_TIMEOUT_MS,
  );

  it.skipIf(!awsCli.command)(
    'passes the checks with the aws CLI',
    async () => {
      const cli = startAwsCliSession(awsCli.command ?? '');
      onTestFinished(() => cli.close());
      const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
        const result = await cli.run([
          '--endpoint-url',
          server.url,
          '--output',
          'json',
          'sqs',
          ...args,
        ]);
        if (result.code !== 0) throw new Error(`aws sqs ${args.join(' ')}: ${result.stderr}`);
        return result.stdout.trim() ? (JSON.parse(result.stdout) as Record<string, unknown>) : {};
      };
      const refusal = async (...args: string[]): Promise<string> => {
        const result = await cli.run(['--endpoint-url', server.url, 'sqs', ...args]);
        expect(result.code).not.toBe(0);
        return result.stderr;
      };
      type Message = { Body: string; ReceiptHandle: string; Attributes?: Record<string, string> };
      const messagesOf = (answer: Record<string, unknown>) => (answer.Messages ?? []) as Message[];

      // Three independent flows, interleaved on the one CLI process.
      await Promise.all([
        (async () => {
          const { QueueUrl } = await aws(
            'create-queue',
            '--queue-name',
            'cli-main',
            '--attributes',
            'VisibilityTimeout=30',
          );
          const url = String(QueueUrl);
          await aws('send-message', '--queue-url', url, '--message-body', 'from the CLI');
          const received = messagesOf(
            await aws(
              'receive-message',
              '--queue-url',
              url,
              '--max-number-of-messages',
              '10',
              '--visibility-timeout',
              '0',
              '--attribute-names',
              'All',
            ),
          );
          expect(received.map((m) => [m.Body, m.Attributes?.ApproximateReceiveCount])).toEqual([
            ['from the CLI', '1'],
          ]);
          await aws(
            'delete-message',
            '--queue-url',
            url,
            '--receipt-handle',
            received[0]?.ReceiptHandle ?? '',
          );
          const { Attributes } = await aws(
            'get-queue-attributes',
            '--queue-url',
            url,
            '--attribute-names',
            'All',
          );
          expect(Attributes).toMatchObject({
            ApproximateNumberOfMessages: '0',
            ApproximateNumberOfMessagesNotVisible: '0',
            VisibilityTimeout: '30',
          });
        })(),
        (async () => {
          const url = String((await aws('create-queue', '--queue-name', 'cli-purged')).QueueUrl);
          await aws('purge-queue', '--queue-url', url);
          expect(await refusal('purge-queue', '--queue-url', url)).toMatch(/PurgeQueueInProgress/);
          await aws('delete-queue', '--queue-url', url);
          expect(await refusal('create-queue', '--queue-name', 'cli-purged')).toMatch(
            /QueueDeletedRecently/,
          );
        })(),
        (async () => {
          const url = String(
            (
              await aws(
                'create-queue',
                '--queue-name',
                'cli-orders.fifo',
                '--attributes',
                'FifoQueue=true,ContentBasedDeduplication=true',
              )
            ).QueueUrl,
          );
          await aws(
            'send-message-batch',
            '--queue-url',
            url,
            '--entries',
            JSON.stringify(
              ['one', 'two', 'three', 'one'].map((body, index) => ({
                Id: `e${index}`,
                MessageBody: body,
                MessageGroupId: 'g',
              })),
            ),
          );
          const received = messagesOf(
            await aws('receive-message', '--queue-url', url, '--max-number-of-messages', '10'),
          );
          expect(received.map((m) => m.Body)).toEqual(['one', 'two', 'three']);
        })(),
      ]);
    },
    CLIENT_TIMEOUT_MS,
  );

  it('frees a deleted queue name after 60 seconds (the clock stepped, not waited for)', async () => {
    const sqs = new SQSClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDJS', secretAccessKey: 'local' },
    });
    try {
      await sqs.send(new CreateQueueCommand({ QueueName: 'recycled' }));
      server.store.deleteQueue('recycled');
      skew += 60_000;
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'recycled' }));
      expect(QueueUrl).toMatch(/\/recycled$/);
    } finally {
      sqs.destroy();
    }
  });
});
