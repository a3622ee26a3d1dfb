import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { JobsTable } from '../../functions/adapters/jobs-table';
import { PostFollowUpsTable } from '../../functions/adapters/post-follow-ups-table';
import { PermanentFailure } from '../../functions/domain/job-errors';
import { runTextAnalysis } from '../../functions/domain/run-text-analysis';
import { settleFailedJob } from '../../functions/domain/settle-failed-job';
import { jobWorker } from '../../functions/jobs/job-worker';
import { functions, queues } from '../../lib/description';
import { lambdaContext } from '../support/api-event';
import { localTable } from '../support/local-dynamodb';
import { sqsRecord } from '../support/sqs-record';

const record = (body: string, receiveCount: number) => sqsRecord(body, { receiveCount });

/**
 * Every accepted job ends in a state its caller can read: a job failing on
 * its last delivery (the one before the DLQ) is recorded `failed` with a
 * reason, a permanent failure is settled at once, and a redriven message
 * (a new message, receive count 1) can still succeed.
 */
let table: Awaited<ReturnType<typeof localTable>>;
let ledger: JobsTable;
let followUps: PostFollowUpsTable;

beforeAll(async () => {
  table = await localTable();
  const client = documentClient(functions.textAnalysisWorker.sdk);
  ledger = new JobsTable(client, table.tableName);
  followUps = new PostFollowUpsTable(client, table.tableName);
});
afterAll(() => table.close());

const textJob = (jobId: string) =>
  JSON.stringify({
    kind: 'textAnalysis',
    job_id: jobId,
    enqueued_at: new Date().toISOString(),
    text: 'A short text to analyse. It is fine.',
  });

const context = () => lambdaContext('textAnalysisWorker', 20_000);

describe('a job that cannot finish still ends', () => {
  const { maxReceiveCount } = queues.textAnalysis;
  let failing = true;
  const worker = () =>
    jobWorker(
      'textAnalysis',
      async (job) => {
        if (failing) throw new Error('the store is down');
        const outcome = await runTextAnalysis({ ledger, leaseSeconds: 30 }, job);
        return { outcome: outcome === 'succeeded' ? 'done' : 'failed' };
      },
      (job, reason) => settleFailedJob({ ledger, followUps }, job, reason),
    );

  it('stays queued on an early failure, reads failed with a reason on the last delivery, and succeeds after a redrive', async () => {
    const jobId = randomUUID();
    await ledger.create(jobId, 'textAnalysis', new Date(), 'analyst');
    const handler = worker();

    failing = true;
    const early = await handler({ Records: [record(textJob(jobId), 1)] }, context());
    expect(early.batchItemFailures).toHaveLength(1);
    expect((await ledger.get(jobId))?.status).toBe('queued');

    const last = await handler({ Records: [record(textJob(jobId), maxReceiveCount)] }, context());
    // Still failed for the queue: the message goes on to the DLQ, where a redrive finds it.
    expect(last.batchItemFailures).toHaveLength(1);
    const failed = await ledger.get(jobId);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.error).toContain('the store is down');
    expect(failed?.error).toContain(`${maxReceiveCount} deliveries`);

    // The redrive: the same body as a new message.
    failing = false;
    const redriven = await handler({ Records: [record(textJob(jobId), 1)] }, context());
    expect(redriven.batchItemFailures).toHaveLength(0);
    const succeeded = await ledger.get(jobId);
    expect(succeeded).toMatchObject({ status: 'succeeded', result: { words: 8 } });
    expect(succeeded?.error).toBeUndefined();
  });

  it('settles a permanent failure at once, with its reason, and does not retry it', async () => {
    const jobId = randomUUID();
    await ledger.create(jobId, 'textAnalysis', new Date(), 'analyst');
    const handler = jobWorker(
      'textAnalysis',
      async () => {
        throw new PermanentFailure('the text cannot be read');
      },
      (job, reason) => settleFailedJob({ ledger, followUps }, job, reason),
    );
    const answer = await handler({ Records: [record(textJob(jobId), 1)] }, context());
    expect(answer.batchItemFailures).toHaveLength(0);
    expect(await ledger.get(jobId)).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('the text cannot be read'),
    });
  });

  it('never marks a succeeded job failed', async () => {
    const jobId = randomUUID();
    await ledger.create(jobId, 'textAnalysis', new Date(), 'analyst');
    const lease = await ledger.begin(jobId, 'textAnalysis', 30, new Date());
    if (lease.state !== 'acquired') throw new Error('not acquired');
    await ledger.succeed(jobId, lease.token, new Date(), { words: 1 });
    await ledger.abandon(jobId, new Date(), 'late');
    expect(await ledger.get(jobId)).toMatchObject({ status: 'succeeded' });
  });
});
