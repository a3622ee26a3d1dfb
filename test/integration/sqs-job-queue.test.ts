import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsJobQueue } from '../../functions/adapters/sqs-job-queue';
import { parseJobMessage, type TextAnalysisJob } from '../../functions/domain/job';
import { queueUrlVariable } from '../../lib/description';
import { ensureJobQueues } from '../../local/job-queues';
import { startLocalSqs } from '../local-sqs/harness';

describe('SqsJobQueue against the local SQS service', () => {
  it('sends a job its worker reads back unchanged, with kind and id as attributes', async () => {
    const { server, sqs } = await startLocalSqs();
    const queues = ensureJobQueues(server.store, server.url);
    const sent: string[] = [];
    const jobs = new SqsJobQueue(
      sqs,
      { [queueUrlVariable('textAnalysis')]: queues.textAnalysis.url },
      (kind) => sent.push(kind),
    );
    // U+FFFE/U+FFFF are refused by SQS in a body; control characters and lone surrogates too.
    const job: TextAnalysisJob = {
      kind: 'textAnalysis',
      job_id: randomUUID(),
      enqueued_at: new Date().toISOString(),
      text: 'odd \uFFFF \uFFFE \u0000 \uD800 👍 text',
    };
    await jobs.send(job);
    expect(sent).toEqual(['textAnalysis']);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.textAnalysis.url,
        MessageAttributeNames: ['All'],
      }),
    );
    const [message] = Messages;
    expect(parseJobMessage(message?.Body ?? '', 'textAnalysis')).toEqual({
      ok: true,
      job,
    });
    expect(message?.MessageAttributes?.kind?.StringValue).toBe('textAnalysis');
    expect(message?.MessageAttributes?.job_id?.StringValue).toBe(job.job_id);
  });

  it('fails a send when its queue URL is not configured, so the caller can retry later', async () => {
    const { sqs } = await startLocalSqs();
    const jobs = new SqsJobQueue(sqs, {});
    await expect(
      jobs.send({
        kind: 'textAnalysis',
        job_id: randomUUID(),
        enqueued_at: new Date().toISOString(),
        text: 'x',
      }),
    ).rejects.toThrow(/environment variable TEXT_ANALYSIS_QUEUE_URL is missing/);
  });
});
