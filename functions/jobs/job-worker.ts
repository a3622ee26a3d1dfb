import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { queues, workerOf, type QueueName } from '../../lib/description';
import { parseJobMessage, type JobMessage } from '../domain/job';
import { PermanentFailure, RetryLater } from '../domain/job-errors';
import { MetricName } from '../observability/metric-names';
import { telemetry } from '../observability/telemetry';
import { batchPipeline } from '../pipeline/batch-options';
import type { Invocation } from '../pipeline/lambda-pipeline';
import { jobMetric } from './job-metrics';
import { messageVisibility } from './message-visibility';

export interface JobContext extends Invocation {
  /** Carries the job id and post id on every line. */
  readonly logger: Logger;
  /** 1 on the first delivery. */
  readonly receiveCount: number;
}

/** What a job came to: done, failed for good (no retry), or a duplicate of a finished one. */
export interface JobResult {
  readonly outcome: 'done' | 'failed' | 'duplicate';
  readonly details?: Record<string, unknown>;
}

export type JobHandler<K extends QueueName> = (
  job: Extract<JobMessage, { kind: K }>,
  context: JobContext,
) => Promise<JobResult>;

/**
 * Settles a job given up on: a permanent failure, or a failure on the last
 * delivery before the DLQ. Its record then reads `failed` with `reason`.
 */
export type GiveUp<K extends QueueName> = (
  job: Extract<JobMessage, { kind: K }>,
  reason: string,
  context: JobContext,
) => Promise<void>;

/** A message no worker can read: failed alone, at once, until the DLQ takes it. */
class PoisonMessage extends Error {
  override readonly name = 'PoisonMessage';
}

/**
 * A job queue's worker: the one Lambda pipeline as a batch (batch-options.ts:
 * partial batch responses, the unfinished records failed at the deadline),
 * with what a job adds:
 *
 * - A poison message (not JSON, a kind this queue does not carry) fails
 *   alone and is made visible again at once: nothing will ever read it, so
 *   it reaches the DLQ after maxReceiveCount quick redeliveries.
 * - `RetryLater` (an endpoint down, a duplicate still running) sets the
 *   message's visibility to the backoff: min(base x 2^(receives-1), max).
 * - Any other error does the same: a dependency down or a timeout passes, and the
 *   backoff brings the job back sooner than the queue's visibility timeout would.
 * - `PermanentFailure` (it can never succeed) is settled with `giveUp` at
 *   once and the message deleted; any failure on the last delivery is
 *   settled too, and the message still goes on to the DLQ, whose redrive
 *   resumes the job (a settled record stays resumable).
 */
export function jobWorker<K extends QueueName>(
  queue: K,
  handle: JobHandler<K>,
  giveUp?: GiveUp<K>,
) {
  const name = workerOf(queue);
  const { logger, metrics } = telemetry(name);
  const visibility = messageVisibility(queue);
  const { maxReceiveCount } = visibility;

  async function recordHandler(record: SQSRecord, invocation: Invocation): Promise<void> {
    const receiveCount = visibility.receiveCount(record);
    const parsed = parseJobMessage(record.body, queue);
    if (!parsed.ok) {
      const log = logger.createChild({
        persistentKeys: { message_id: record.messageId, job_id: parsed.jobId },
      });
      log.error('poison message: failed alone, on its way to the DLQ', {
        reason: parsed.reason,
        receive_count: receiveCount,
      });
      metrics.addMetric(MetricName.PoisonMessages, MetricUnit.Count, 1);
      jobMetric(metrics, MetricName.JobsFailed, queue);
      await visibility.change(record, 0, log, invocation.signal);
      throw new PoisonMessage(parsed.reason);
    }
    const job = parsed.job as Extract<JobMessage, { kind: K }>;
    const log = logger.createChild({
      persistentKeys: {
        job_id: job.job_id,
        ...('post' in job ? { post_id: job.post.id } : {}),
        message_id: record.messageId,
        receive_count: receiveCount,
      },
    });
    let result: JobResult;
    const context: JobContext = { ...invocation, logger: log, receiveCount };
    try {
      result = await handle(job, context);
    } catch (error) {
      jobMetric(metrics, MetricName.JobsFailed, queue);
      const permanent = error instanceof PermanentFailure;
      const last = receiveCount >= maxReceiveCount;
      if ((permanent || last) && giveUp) {
        const reason = permanent
          ? (error as Error).message
          : `gave up after ${receiveCount} deliveries: ${messageOf(error)}`;
        try {
          await giveUp(job, reason, context);
          if (permanent) {
            log.warn('job failed for good: settled, not retried', { reason });
            return;
          }
        } catch (settleError) {
          // Not settled: the message is retried (or dead-letters) as any failure would.
          log.error('could not settle the failed job', { error: settleError as Error });
        }
      }
      const retry = error instanceof RetryLater;
      (last ? log.error : log.warn).call(
        log,
        last ? 'job failed on its last delivery: it goes to the DLQ' : 'job failed, will retry',
        { error: error as Error },
      );
      // Every failure that may pass (a dependency down, a timeout) comes back after the
      // backoff, not the queue's whole visibility timeout: a table that was down for two
      // seconds should not hold its jobs for minutes.
      await visibility.retryLater(
        record,
        log,
        invocation.signal,
        retry ? error.delaySeconds : undefined,
      );
      throw error;
    }
    if (result.outcome === 'duplicate') {
      log.info('job already done: a redelivered message, nothing to do');
      return;
    }
    if (result.outcome === 'failed') {
      jobMetric(metrics, MetricName.JobsFailed, queue);
      log.warn('job failed for good', { ...result.details });
      return;
    }
    jobMetric(metrics, MetricName.JobsSucceeded, queue);
    const latency = Date.now() - Date.parse(job.enqueued_at);
    if (Number.isFinite(latency)) {
      jobMetric(
        metrics,
        MetricName.JobLatency,
        queue,
        Math.max(0, latency),
        MetricUnit.Milliseconds,
      );
    }
    log.info('job done', { ...result.details, latency_ms: latency });
  }

  // Every record failing is still a partial response (all listed), not a function
  // error: a receiver being down is not this function failing.
  return batchPipeline(name, recordHandler, { kind: 'job-batch', throwOnFullBatchFailure: false });
}

/** A worker holds a job no longer than Lambda lets it run, plus a margin. */
export function leaseSecondsOf(queue: QueueName): number {
  return queues[queue].worker.timeoutSeconds + 5;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
