import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functions, jobs } from '../../lib/description';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostsTable } from '../../functions/adapters/posts-table';
import { httpHandler } from '../../functions/http/http-handler';
import { json } from '../../functions/http/http-event';
import { jobWorker } from '../../functions/jobs/job-worker';
import { batchPipeline } from '../../functions/pipeline/batch-options';
import { bindSignal } from '../../functions/pipeline/with-signal';
import { apiEvent, lambdaContext } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';
import { sqsRecord } from '../support/sqs-record';

const record = (messageId: string, body: string) => sqsRecord(body, { messageId });

/**
 * The deadline of the one Lambda pipeline (`deadlineMarginMs` before Lambda's
 * timeout): the abort signal stops work in flight, an API function answers
 * 504, and a batch lists the records it did not finish instead of failing whole.
 */
let table: Awaited<ReturnType<typeof localTable>>;
let silent: Server;
const held = new Set<Socket>();
let silentEndpoint = '';

beforeAll(async () => {
  table = await localTable();
  // A DynamoDB endpoint that takes the request and never answers: slower than any deadline.
  silent = createServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  silentEndpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await table.close();
});

const margin = 1_000;
const left = 400; // before the deadline: the deadline fires this long into the call
const spec = {
  ...functions.getPost,
  entry: 'test/integration/pipeline-deadline.test.ts',
  deadlineMarginMs: margin,
  // Far past the deadline: an abort within it is the signal's doing, not the SDK's timeout.
  sdk: { connectTimeoutMs: 10_000, requestTimeoutMs: 10_000, maxAttempts: 1 },
};

function slowPostsTable(): PostsTable {
  const previous = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = silentEndpoint;
  try {
    return new PostsTable(documentClient(spec.sdk), table.tableName);
  } finally {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = previous;
  }
}

describe('the deadline of the Lambda pipeline', () => {
  it('aborts a slow DynamoDB call at the deadline and answers 504', async () => {
    const posts = slowPostsTable();
    let call: Promise<unknown> | undefined;
    const handler = httpHandler(
      'slowReadTest',
      async (event, { signal }) => {
        call = bindSignal(posts, signal).get(randomUUID());
        return json(200, await call);
      },
      spec,
    );
    const started = Date.now();
    const answer = await handler(apiEvent({ path: '/posts/x' }), lambdaContext('t', margin + left));
    expect(answer.statusCode).toBe(504);
    expect(answer.headers?.['retry-after']).toBe('1');
    // The call itself stopped, well before its own 10 s timeout.
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(left + 1_500);
  });

  it('returns the unfinished records of a job batch at its deadline, the finished ones not', async () => {
    const textJob = (id: string) =>
      record(
        id,
        JSON.stringify({
          kind: 'textAnalysis',
          job_id: randomUUID(),
          enqueued_at: new Date().toISOString(),
          text: 'x'.repeat(jobs.text.minChars),
        }),
      );
    const aborted: string[] = [];
    const stopped: Promise<void>[] = [];
    const handler = jobWorker('textAnalysis', async (job, { signal }) => {
      if (job.text.length > 0 && slowJobs.has(job.job_id)) {
        // Work far longer than the deadline: only the abort ends it.
        const work = sleep(60_000, undefined, { signal });
        stopped.push(
          work.then(
            () => undefined,
            () => undefined,
          ),
        );
        try {
          await work;
        } catch (error) {
          aborted.push(job.job_id);
          throw error;
        }
      }
      return { outcome: 'done' };
    });
    const fast = textJob('fast');
    const slow1 = textJob('slow-1');
    const slow2 = textJob('slow-2');
    const slowJobs = new Set(
      [slow1, slow2].map((r) => (JSON.parse(r.body) as { job_id: string }).job_id),
    );
    const workerMargin = functions.textAnalysisWorker.deadlineMarginMs;
    const started = Date.now();
    const response = await handler(
      { Records: [fast, slow1, slow2] },
      lambdaContext('textAnalysisWorker', workerMargin + left),
    );
    expect(Date.now() - started).toBeLessThan(left + 1_500);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual([
      'slow-1',
      'slow-2',
    ]);
    // Both pieces of work have ended (the abort is the only way they can): then look.
    await Promise.all(stopped);
    expect(aborted).toHaveLength(2); // the work in flight was told to stop
  });

  it('lists every record at the deadline even where a full batch failure would throw', async () => {
    const handler = batchPipeline(
      'allSlowTest',
      // Work far longer than the deadline: only the abort ends it.
      (_record, { signal }) => sleep(60_000, undefined, { signal }),
      { kind: 's3-event-batch', spec },
    );
    const response = await handler(
      { Records: [record('a', '{}'), record('b', '{}')] } satisfies SQSEvent,
      lambdaContext('allSlowTest', margin + left),
    );
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
  });
});
