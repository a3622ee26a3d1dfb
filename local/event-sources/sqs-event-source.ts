import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { InvokeReport } from '../lambda/lambda-pool';
import { settleBatch } from './batch-settlement';
import { sqsEvent } from './sqs-event';

/** Anything that runs a function the way Lambda's Invoke does (a LambdaPool). */
export interface Invoker {
  invoke(event: unknown): Promise<InvokeReport>;
}

export interface SqsEventSourceOptions {
  readonly functionName: string;
  readonly pool: Invoker;
  /** The real SDK client, pointed at the local queue service. */
  readonly client: SQSClient;
  readonly queueName: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly maxConcurrency: number;
  readonly onLine: (source: string, line: string) => void;
}

/** What became of one batch. */
export interface BatchReport {
  readonly at: number;
  readonly messageIds: readonly string[];
  readonly outcome: 'succeeded' | 'partial' | 'batch-failed' | 'function-error' | 'throttled';
  /** Messages left on the queue to come back after their visibility timeout. */
  readonly failed: number;
  readonly detail?: string;
}

const LONG_POLL_SECONDS = 20;
const MAX_RECEIVE = 10;
const ERROR_BACKOFF_MS = 1_000;
const KEPT_REPORTS = 1_000;

/**
 * Lambda's SQS event source mapping, against the local queue service: up to
 * `maxConcurrency` pollers, each long-polling with the real SDK, gathering up
 * to `batchSize` messages for at most `maxBatchingWindowSeconds`, invoking
 * the function with an `SQSEvent`, then deleting what succeeded. With
 * ReportBatchItemFailures (always on here, as on every mapping in the stack)
 * the records the function lists stay; a function error, timeout or throttle
 * leaves the whole batch to reappear after the visibility timeout, and the
 * queue's redrive policy moves it to the DLQ after maxReceiveCount.
 */
export class SqsEventSource {
  readonly batches: BatchReport[] = [];
  private readonly stopping = new AbortController();
  private pollers: Promise<void>[] = [];

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    if (this.pollers.length > 0) return;
    this.pollers = Array.from({ length: this.options.maxConcurrency }, () => this.poll());
  }

  /** Stops polling; a batch being processed finishes first (its function is already running). */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.pollers);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async poll(): Promise<void> {
    while (!this.stopped) {
      let messages: Message[];
      try {
        messages = await this.gather();
      } catch (error) {
        if (this.stopped) break;
        this.log(`receive failed: ${(error as Error).message}`);
        await sleep(ERROR_BACKOFF_MS, this.stopping.signal);
        continue;
      }
      // Received but not delivered at shutdown: they come back after the visibility timeout.
      if (messages.length === 0 || this.stopped) continue;
      await this.deliver(messages);
    }
  }

  /** One batch: full, or whatever arrived when the batching window closes. */
  private async gather(): Promise<Message[]> {
    const { batchSize, maxBatchingWindowSeconds } = this.options;
    const batch = await this.receive(Math.min(MAX_RECEIVE, batchSize), LONG_POLL_SECONDS);
    if (batch.length === 0 || maxBatchingWindowSeconds === 0) return batch;
    const deadline = Date.now() + maxBatchingWindowSeconds * 1000;
    while (batch.length < batchSize && !this.stopped) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      const more = await this.receive(
        Math.min(MAX_RECEIVE, batchSize - batch.length),
        Math.floor(remaining / 1000),
      );
      batch.push(...more);
      if (more.length === 0 && remaining < 1000) {
        await sleep(Math.min(remaining, 50), this.stopping.signal);
      }
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.options.queueUrl,
        MaxNumberOfMessages: max,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.stopping.signal },
    );
    return Messages;
  }

  private async deliver(messages: Message[]): Promise<void> {
    const { pool, queueArn, region } = this.options;
    const ids = messages.map((m) => m.MessageId ?? '');
    const report = await pool.invoke(sqsEvent(messages, queueArn, region));
    const { outcome } = report;
    if (!outcome.ok) {
      this.record(
        ids,
        outcome.throttled ? 'throttled' : 'function-error',
        ids.length,
        outcome.errorType,
      );
      // A throttled function gets a moment before the next batch, as Lambda's pollers back off.
      if (outcome.throttled) await sleep(ERROR_BACKOFF_MS, this.stopping.signal);
      return;
    }
    const settlement = settleBatch(outcome.payload, ids);
    if (settlement.kind === 'batch-failed') {
      this.record(ids, 'batch-failed', ids.length, settlement.reason);
      return;
    }
    const done = messages.filter((m) => !settlement.failed.has(m.MessageId ?? ''));
    const notDeleted = await this.deleteAll(done);
    const failed = settlement.failed.size + notDeleted;
    this.record(ids, failed === 0 ? 'succeeded' : 'partial', failed);
  }

  /** Deletes in batches of ten; returns how many could not be deleted (they will come back). */
  private async deleteAll(messages: Message[]): Promise<number> {
    let notDeleted = 0;
    for (let i = 0; i < messages.length; i += MAX_RECEIVE) {
      const chunk = messages.slice(i, i + MAX_RECEIVE);
      try {
        const { Failed = [] } = await this.options.client.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.options.queueUrl,
            Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        notDeleted += Failed.length;
      } catch (error) {
        notDeleted += chunk.length;
        this.log(`delete failed: ${(error as Error).message}`);
      }
    }
    return notDeleted;
  }

  private record(
    messageIds: string[],
    outcome: BatchReport['outcome'],
    failed: number,
    detail?: string,
  ): void {
    this.batches.push({
      at: Date.now(),
      messageIds,
      outcome,
      failed,
      ...(detail ? { detail } : {}),
    });
    if (this.batches.length > KEPT_REPORTS)
      this.batches.splice(0, this.batches.length - KEPT_REPORTS);
    const size = messageIds.length;
    this.log(
      outcome === 'succeeded'
        ? `batch of ${size}: all deleted`
        : `batch of ${size}: ${outcome}, ${failed} left for a retry${detail ? ` (${detail})` : ''}`,
    );
  }

  private log(line: string): void {
    this.options.onLine(`sqs:${this.options.queueName}`, line);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
