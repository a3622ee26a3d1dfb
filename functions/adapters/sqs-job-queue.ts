import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  functions,
  readEnvironment,
  type EnvironmentSource,
  type FunctionEnvironment,
  type FunctionName,
} from '../../lib/description';
import type { JobKind, JobMessage } from '../domain/job';
import type { JobQueue } from '../domain/job-queue';
import { boundTo } from '../pipeline/with-signal';
import { sqsClient } from './sqs-client';

/** Jobs onto their SQS queues; each kind's URL comes from the function's environment. */
export class SqsJobQueue implements JobQueue {
  static forFunction(name: FunctionName, onSent?: (kind: JobKind) => void): SqsJobQueue {
    return new SqsJobQueue(sqsClient(functions[name].sdk), undefined, onSent, name);
  }

  private readonly environment: FunctionEnvironment;

  constructor(
    private readonly client: SQSClient,
    environment?: EnvironmentSource,
    private readonly onSent?: (kind: JobKind) => void,
    name?: FunctionName,
  ) {
    this.environment = readEnvironment(name, environment);
  }

  protected signal: AbortSignal | undefined;

  /** The same queue for one invocation: its sends abort when `signal` fires. */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  async send(job: JobMessage): Promise<void> {
    // Read per call (parsed once), so a function missing its URL fails its sends (and the
    // post waits for the sweeper) instead of failing to start.
    const queueUrl = this.environment.queueUrl(job.kind);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: sqsSafeJson(job),
        // Readable without parsing the body (consoles, the dlq script).
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: job.kind },
          job_id: { DataType: 'String', StringValue: job.job_id },
        },
      }),
      { abortSignal: this.signal },
    );
    this.onSent?.(job.kind);
  }
}

/**
 * JSON that SQS accepts: it refuses U+FFFE and U+FFFF in a body, which
 * JSON.stringify leaves as they are (every other character SQS refuses,
 * control characters and lone surrogates, JSON.stringify already escapes).
 * They can only be inside strings, where an escape means the same.
 */
export function sqsSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\uFFFE\uFFFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16)}`,
  );
}
