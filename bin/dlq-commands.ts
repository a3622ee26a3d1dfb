import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { queueNames, queuePhysicalNames, type QueueName } from '../lib/description';

export interface QueueDepth {
  readonly queue: QueueName;
  readonly name: string;
  readonly visible: number;
  readonly inFlight: number;
  readonly deadLetterName: string;
  readonly deadLetters: number;
  /** The latest redrive of the DLQ, if any: status and messages moved. */
  readonly lastRedrive?: string;
}

interface Resolved {
  readonly url: string;
  readonly arn: string;
  readonly visible: number;
  readonly inFlight: number;
}

async function resolve(client: SQSClient, name: string): Promise<Resolved> {
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`No URL for queue ${name}`);
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl,
      AttributeNames: [
        'QueueArn',
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ],
    }),
  );
  return {
    url: QueueUrl,
    arn: Attributes.QueueArn ?? '',
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/** `analytics`, `textAnalysis` or `text-analysis`: the description's name of a queue. */
export function queueFromArgument(text: string): QueueName {
  const camel = text.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const found = queueNames.find((q) => q === camel);
  if (!found) throw new Error(`Unknown queue "${text}": one of ${queueNames.join(', ')}`);
  return found;
}

/** Every job queue with its depth and its DLQ's. */
export async function listQueues(client: SQSClient, prefix: string): Promise<QueueDepth[]> {
  return Promise.all(
    queueNames.map(async (queue) => {
      const names = queuePhysicalNames(prefix, queue);
      const [source, dlq] = await Promise.all([
        resolve(client, names.queue),
        resolve(client, names.deadLetter),
      ]);
      const { Results = [] } = await client.send(
        new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }),
      );
      const last = Results[0];
      return {
        queue,
        name: names.queue,
        visible: source.visible,
        inFlight: source.inFlight,
        deadLetterName: names.deadLetter,
        deadLetters: dlq.visible + dlq.inFlight,
        ...(last
          ? {
              lastRedrive: `${last.Status} (${last.ApproximateNumberOfMessagesMoved ?? 0}/${last.ApproximateNumberOfMessagesToMove ?? '?'} moved)`,
            }
          : {}),
      };
    }),
  );
}

export interface RedriveResult {
  readonly status: string;
  readonly moved: number;
  readonly toMove: number;
  readonly failureReason?: string;
}

/**
 * Moves the DLQ's messages back to their queue with StartMessageMoveTask (the
 * local queue service implements it too) and waits for the task to end.
 */
export async function redrive(
  client: SQSClient,
  prefix: string,
  queue: QueueName,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<RedriveResult> {
  const names = queuePhysicalNames(prefix, queue);
  const [source, dlq] = await Promise.all([
    resolve(client, names.queue),
    resolve(client, names.deadLetter),
  ]);
  if (dlq.visible === 0) return { status: 'NOTHING_TO_MOVE', moved: 0, toMove: 0 };
  await client.send(
    new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: source.arn }),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  for (;;) {
    const { Results = [] } = await client.send(
      new ListMessageMoveTasksCommand({ SourceArn: dlq.arn, MaxResults: 1 }),
    );
    const task = Results[0];
    const status = task?.Status ?? 'UNKNOWN';
    if (status !== 'RUNNING' || Date.now() > deadline) {
      return {
        status,
        moved: task?.ApproximateNumberOfMessagesMoved ?? 0,
        toMove: task?.ApproximateNumberOfMessagesToMove ?? 0,
        ...(task?.FailureReason ? { failureReason: task.FailureReason } : {}),
      };
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
}
