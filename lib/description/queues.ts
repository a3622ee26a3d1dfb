/**
 * The job queues: one entry per job kind, with its dead-letter queue's
 * settings, its event source and the worker it triggers. Adding a job kind is
 * one entry here (and the worker's handler file).
 */
import { imageSdk, workerSdk } from './call-timeouts';
import type { QueueSpec, WorkerSpec } from './types';

const queueSpecs = {
  analytics: {
    description: 'Per-author and per-type counters and daily aggregates of each new post',
    worker: {
      entry: 'functions/workers/analytics-worker.ts',
      description: 'Counts each new post once: totals and daily aggregates, then marks it done',
      memoryMb: 256,
      // Above workerSdk's whole retry budget (3 attempts x 3 s) plus the deadline margin.
      timeoutSeconds: 15,
      reservedConcurrency: 2,
      deadlineMarginMs: 1_000,
      sdk: workerSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      tableKeys: ['JOB#', 'STATS#', 'POST#'],
    },
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 90,
    maxReceiveCount: 5,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 5, maxSeconds: 60 },
  },
  notifications: {
    description:
      "Each new post's webhook fan-out: one delivery record and one webhookDeliveries message per subscribed webhook",
    worker: {
      entry: 'functions/workers/notifications-worker.ts',
      description:
        "Hands a new post to the author's webhooks: records each delivery, queues it, marks the follow-up done",
      memoryMb: 256,
      timeoutSeconds: 20,
      reservedConcurrency: 4,
      deadlineMarginMs: 1_000,
      sdk: workerSdk,
      tableActions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ],
      // WEBHOOK#: the delivery records it opens, in each webhook's own partition.
      tableKeys: ['JOB#', 'POST#', 'WEBHOOK#'],
      tableIndexes: ['byAuthor'],
      // It sends to webhookDeliveries: declared with the functions (functions.ts).
    },
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 4,
    visibilityTimeoutSeconds: 120,
    // Only the service's own failures retry here (the table or the queue down): a receiver's
    // answers never reach this queue, so neither its DLQ nor its alarm.
    maxReceiveCount: 6,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 300 },
  },
  webhookDeliveries: {
    description:
      'One message per webhook delivery: its attempts, with backoff, until the receiver answers 2xx or they run out',
    worker: {
      entry: 'functions/workers/webhook-deliveries-worker.ts',
      // It signs every callback with the webhook's secret.
      secrets: 'open',
      description:
        'One signed callback attempt per message; records it on the delivery and on the webhook (failing, disabled)',
      memoryMb: 256,
      timeoutSeconds: 20,
      reservedConcurrency: 4,
      deadlineMarginMs: 1_000,
      sdk: workerSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      // The webhook and its deliveries share its partition.
      tableKeys: ['WEBHOOK#'],
    },
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 4,
    visibilityTimeoutSeconds: 120,
    // Above the delivery's own attempts (jobs.webhooks.maxAttempts, 6): a delivery that runs out
    // of attempts is recorded `failed` and its message deleted. Only receives that never got to
    // record an attempt (the table down) can reach this count and the DLQ: the service's failure.
    maxReceiveCount: 10,
    retentionDays: 4,
    // 10, 20, 40, 80, 160 s between the 6 attempts: a receiver gets about five minutes to come back.
    retryBackoff: { baseSeconds: 10, maxSeconds: 300 },
  },
  textAnalysis: {
    description: 'CPU-bound text statistics, readability, sentiment, keywords and hashtags',
    worker: {
      entry: 'functions/workers/text-analysis-worker.ts',
      description: 'Analyses one text per invocation (wink-nlp) and stores the result',
      // CPU follows memory: 1,769 MB is one full vCPU.
      memoryMb: 1769,
      timeoutSeconds: 30,
      reservedConcurrency: 2,
      deadlineMarginMs: 2_000,
      sdk: workerSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      tableKeys: ['JOB#'],
    },
    // One text per invocation: a batch would only stack CPU work behind one timeout.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
  image: {
    description: 'Images made for each new post: its share card',
    worker: {
      entry: 'functions/workers/image-worker.ts',
      description: "Renders a post's PNG share card with the bundled font, stores and links it",
      memoryMb: 1024,
      timeoutSeconds: 30,
      reservedConcurrency: 2,
      deadlineMarginMs: 3_000,
      sdk: imageSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      tableKeys: ['POST#'],
      // DeleteObject: a card drawn for a post deleted meanwhile is removed by the worker.
      bucketAccess: [{ prefix: 'cards/', actions: ['s3:PutObject', 's3:DeleteObject'] }],
      nativeModules: ['@resvg/resvg-js'],
      assetDirs: ['assets/fonts'],
    },
    batchSize: 5,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 180,
    maxReceiveCount: 5,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
  media: {
    description: "The media bucket's ObjectCreated events under uploads/ (S3 sends them)",
    worker: {
      entry: 'functions/workers/media-worker.ts',
      description:
        'S3 upload events: check the real file (magic bytes, size, dimensions), write web and thumbnail renditions or reject',
      // sharp is CPU-bound and Lambda's CPU follows memory (1536 MB is about one vCPU).
      memoryMb: 1536,
      timeoutSeconds: 60,
      reservedConcurrency: 2,
      deadlineMarginMs: 5_000,
      sdk: imageSdk,
      tableActions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      tableKeys: ['POST#'],
      bucketAccess: [
        { prefix: 'uploads/', actions: ['s3:GetObject', 's3:DeleteObject'] },
        // DeleteObject: renditions made for a post deleted meanwhile are removed by the worker.
        { prefix: 'media/', actions: ['s3:PutObject', 's3:DeleteObject'] },
      ],
      nativeModules: ['sharp'],
    },
    // One image per invocation: each is seconds of CPU under one timeout.
    batchSize: 1,
    maxBatchingWindowSeconds: 0,
    maxConcurrency: 2,
    visibilityTimeoutSeconds: 360,
    maxReceiveCount: 5,
    retentionDays: 4,
    retryBackoff: { baseSeconds: 10, maxSeconds: 60 },
  },
} as const satisfies Record<string, QueueSpec>;

export type QueueName = keyof typeof queueSpecs;
/** Every job queue, by name (the job kind). */
export const queues: Readonly<Record<QueueName, QueueSpec>> = queueSpecs;
export const queueNames = Object.keys(queueSpecs) as QueueName[];

/** The worker function of a queue is named after it. */
export type WorkerName = `${QueueName}Worker`;
export function workerOf(queue: QueueName): WorkerName {
  return `${queue}Worker`;
}
export const workerSpecs = Object.fromEntries(
  queueNames.map((queue) => [workerOf(queue), queues[queue].worker]),
) as Record<WorkerName, WorkerSpec>;

/** The queue a worker consumes, or undefined for any other function. */
export function queueOfWorker(name: string): QueueName | undefined {
  return queueNames.find((queue) => workerOf(queue) === name);
}

/**
 * Physical queue names: `<prefix>-<kind>` and `<prefix>-<kind>-dlq`, the prefix
 * being the stack's name in the cloud and the service's name locally, so the
 * `dlq` script finds them in both.
 */
export function queuePhysicalNames(
  prefix: string,
  queue: QueueName,
): { queue: string; deadLetter: string } {
  const kebab = queue.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return { queue: `${prefix}-${kebab}`, deadLetter: `${prefix}-${kebab}-dlq` };
}
