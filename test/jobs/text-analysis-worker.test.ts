import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { JobsTable } from '../../functions/adapters/jobs-table';
import { runTextAnalysis } from '../../functions/domain/run-text-analysis';
import { jobWorker, leaseSecondsOf } from '../../functions/jobs/job-worker';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { functions, queueUrlVariable } from '../../lib/description';
import { SqsEventSource, type Invoker } from '../../local/event-sources/sqs-event-source';
import { ensureJobQueues, type LocalJobQueue } from '../../local/job-queues';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import { apiEvent, lambdaContext, signedIn } from '../support/api-event';
import { eventually } from '../support/eventually';
import { localTable } from '../support/local-dynamodb';
import { freePort } from '../support/redis-server';

/**
 * The text-analysis worker as Lambda runs it: its real handler, fed by the
 * local event source mapping from the real local SQS queue, with the queue's
 * redrive policy and DLQ, so retries, the worker's backoff (a visibility
 * change), the DLQ and a redrive all happen as they would deployed. The
 * queue's numbers are shortened (2 receives, 1 s backoff), never its logic.
 */
type Handler = (event: unknown, context: unknown) => Promise<unknown>;

let table: Awaited<ReturnType<typeof localTable>>;
let sqsServer: SqsServer;
let sqsDir: string;
let sqs: SQSClient;
let queue: LocalJobQueue;
const spec = functions.textAnalysisWorker;

beforeAll(async () => {
  table = await localTable();
  sqsDir = await mkdtemp(join(tmpdir(), 'text-worker-sqs-'));
  sqsServer = await startSqsServer({ port: 0, dataDir: sqsDir, flushDelayMs: 10 });
  sqs = new SQSClient({
    endpoint: sqsServer.url,
    region: localRegion,
    credentials: localCredentials,
  });
  ({ textAnalysis: queue } = ensureJobQueues(sqsServer.store, sqsServer.url, {
    textAnalysis: {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 2,
      retryBackoff: { baseSeconds: 1, maxSeconds: 1 },
    },
  }));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: sqsServer.url,
    [queueUrlVariable('textAnalysis')]: queue.url,
    LOCAL_RETRY_BACKOFF: '1,1',
    LOCAL_MAX_RECEIVE_COUNT: '2',
  });
});
afterAll(async () => {
  sqs.destroy();
  await sqsServer.close();
  await rm(sqsDir, { recursive: true, force: true });
  await table.close();
});

/** A container of `entry`, loaded afresh with the table at `dynamodbEndpoint`. */
async function load(entry: string, dynamodbEndpoint = table.endpoint): Promise<Handler> {
  vi.resetModules();
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamodbEndpoint;
  try {
    return ((await import(`../../${entry}`)) as { handler: Handler }).handler;
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = table.endpoint;
  }
}

/** The worker behind the queue's event source mapping, run in-process as Lambda would invoke it. */
async function mapping(
  dynamodbEndpoint?: string,
  beforeStart?: () => Promise<void>,
  given?: Handler,
) {
  const worker = given ?? (await load(spec.entry, dynamodbEndpoint));
  const invoker: Invoker = {
    async invoke(event) {
      try {
        const payload = (await worker(
          event as SQSEvent,
          lambdaContext('textAnalysisWorker', spec.timeoutSeconds * 1000),
        )) as SQSBatchResponse;
        return { requestId: 'r', durationMs: 1, maxMemoryMb: 1, outcome: { ok: true, payload } };
      } catch (error) {
        const e = error as Error;
        return {
          requestId: 'r',
          durationMs: 1,
          maxMemoryMb: 1,
          outcome: { ok: false, errorType: e.name, errorMessage: e.message },
        };
      }
    },
  };
  const source = new SqsEventSource({
    functionName: 'textAnalysisWorker',
    pool: invoker,
    client: sqs,
    queueName: queue.name,
    queueUrl: queue.url,
    queueArn: queue.arn,
    region: localRegion,
    batchSize: queue.spec.batchSize,
    maxBatchingWindowSeconds: queue.spec.maxBatchingWindowSeconds,
    maxConcurrency: 1,
    onLine: () => undefined,
  });
  await beforeStart?.();
  source.start();
  onTestFinished(() => source.close());
  return source;
}

/** POST /analyze as the API runs it: the job recorded `queued`, its message on the queue. */
async function analyze(text: string): Promise<string> {
  const api = (await load(functions.analyzeText.entry)) as (
    event: unknown,
    context: unknown,
  ) => Promise<APIGatewayProxyResult>;
  const answer = await api(
    apiEvent({
      httpMethod: 'POST',
      resource: '/analyze',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
      requestContext: signedIn('analyst'),
    }),
    lambdaContext('analyzeText'),
  );
  expect(answer.statusCode, answer.body).toBe(202);
  return (JSON.parse(answer.body) as { job_id: string }).job_id;
}

const ledger = () => new JobsTable(documentClient(spec.sdk), table.tableName);
const depth = (name: string) => sqsServer.store.stats(name);

describe('the text-analysis worker behind its real queue', () => {
  it('retries a job already running elsewhere after its backoff, then runs it once', async () => {
    const jobId = await analyze('Another run holds this job for a moment.');
    // Another run holds the lease for 2 s, taken just before the mapping starts polling: the
    // worker must come back after it, not run the job twice.
    const source = await mapping(undefined, async () => {
      const held = await ledger().begin(jobId, 'textAnalysis', 2, new Date());
      expect(held.state).toBe('acquired');
    });
    const job = await eventually(async () => {
      const record = await ledger().get(jobId);
      expect(record?.status).toBe('succeeded');
      return record;
    });
    expect(job).toMatchObject({ status: 'succeeded', result: expect.any(Object) });
    // The first delivery was listed for retry (RetryLater), the second succeeded (its report
    // comes once the mapping has deleted the message, just after the job is stored).
    await eventually(() =>
      expect(source.batches.map((b) => b.outcome)).toEqual(['partial', 'succeeded']),
    );
    expect(depth(queue.deadLetter.name)).toMatchObject({ visible: 0 });
  });

  it('settles an analysis that throws as a failed job, once: not retried, not dead-lettered', async () => {
    const jobId = await analyze('The analysis of this text throws.');
    // The worker's own wiring (text-analysis-worker.ts) with an analysis that throws.
    const throwing = jobWorker('textAnalysis', async (job, { signal }) => {
      const outcome = await runTextAnalysis(
        {
          ledger: ledger().withSignal(signal),
          leaseSeconds: leaseSecondsOf('textAnalysis'),
          analyze: () => {
            throw new Error('the model could not read this text');
          },
        },
        job,
      );
      return outcome === 'failed' ? { outcome: 'failed' } : { outcome: 'done' };
    });
    const source = await mapping(undefined, undefined, throwing as Handler);
    await eventually(() => expect(source.batches.map((b) => b.outcome)).toEqual(['succeeded']));
    expect(await ledger().get(jobId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('the model could not read this text'),
    });
    expect(depth(queue.name)).toMatchObject({ visible: 0, inFlight: 0 });
    expect(depth(queue.deadLetter.name)).toMatchObject({ visible: 0 });
  });

  it('sends a poison message to the DLQ after maxReceiveCount quick retries', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'not a job' }));
    const source = await mapping();
    await eventually(() => expect(depth(queue.deadLetter.name)).toMatchObject({ visible: 1 }));
    expect(depth(queue.name)).toMatchObject({ visible: 0, inFlight: 0 });
    // Two deliveries, each failing that one record alone.
    await eventually(() =>
      expect(source.batches.map((b) => b.outcome)).toEqual(['partial', 'partial']),
    );
    drainDeadLetters();
  });

  it('retries a storage error until the DLQ, and a redrive finishes the job once storage is back', async () => {
    const jobId = await analyze('Stored once the table is back, after a redrive.');
    // This container's table is a closed port: every delivery fails with a storage error.
    const failing = await mapping(`http://127.0.0.1:${await freePort()}`);
    await eventually(() => expect(depth(queue.deadLetter.name)).toMatchObject({ visible: 1 }));
    await eventually(() =>
      expect(failing.batches.map((b) => b.outcome)).toEqual(['partial', 'partial']),
    );
    expect((await ledger().get(jobId))?.status).not.toBe('succeeded');
    await failing.close();

    // Storage is back: a redrive (as `npm run dlq -- redrive` starts it) resumes the job.
    const healthy = await mapping();
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: queue.deadLetter.arn }));
    await eventually(async () => {
      expect((await ledger().get(jobId))?.status).toBe('succeeded');
    });
    await eventually(() => expect(healthy.batches.map((b) => b.outcome)).toEqual(['succeeded']));
    expect(depth(queue.deadLetter.name)).toMatchObject({ visible: 0 });
  });
});

/** Leaves the DLQ empty for the next test. */
function drainDeadLetters(): void {
  sqsServer.store.clearQueue(queue.deadLetter.name);
}
