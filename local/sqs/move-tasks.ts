import { randomUUID } from 'node:crypto';
import { invalidParameterValue, resourceNotFound } from './errors';

/** What a move task needs from the store: queues by ARN and moving one message. */
export interface MoveTaskStore {
  queueNameByArn(arn: string): string | undefined;
  deadLetterSourceQueues(name: string): string[];
  /** Receivable messages in a queue now. */
  visibleCount(name: string): number;
  moveNextMessage(source: string, destination?: string): MoveResult;
  now(): number;
}

export type MoveResult = 'moved' | 'empty' | { readonly failure: string };

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

interface Task {
  readonly handle: string;
  readonly sourceArn: string;
  readonly source: string;
  readonly destinationArn?: string;
  readonly destination?: string;
  readonly maxPerSecond?: number;
  readonly toMove: number;
  readonly startedAt: number;
  moved: number;
  status: MoveTaskStatus;
  failureReason?: string;
  timer?: NodeJS.Timeout;
}

/** Tasks kept per source queue for ListMessageMoveTasks (SQS keeps the last ten). */
const KEPT_PER_SOURCE = 10;
const TICK_MS = 100;
/** Without a rate, SQS picks one; locally a generous one keeps big queues responsive. */
const DEFAULT_PER_SECOND = 1_000;

/**
 * StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask: dead-letter
 * queue redrive. A task moves the messages receivable in a DLQ when it starts,
 * at its rate, each as a new message (new id, timestamps and receive count, as
 * SQS documents) to the given destination or back to the queue it came from.
 * Tasks live in memory: a restart ends a running one (what it moved stays moved).
 */
export class MessageMoveTasks {
  private readonly bySource = new Map<string, Task[]>();

  constructor(private readonly store: MoveTaskStore) {}

  start(sourceArn: string, destinationArn?: string, maxPerSecond?: number): string {
    const source = this.store.queueNameByArn(sourceArn);
    if (!source)
      throw resourceNotFound(
        `The resource that you specified for the SourceArn parameter doesn't exist.`,
      );
    if (this.store.deadLetterSourceQueues(source).length === 0) {
      throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    }
    const destination = destinationArn ? this.store.queueNameByArn(destinationArn) : undefined;
    if (destinationArn && !destination) {
      throw resourceNotFound(
        `The resource that you specified for the DestinationArn parameter doesn't exist.`,
      );
    }
    if (maxPerSecond !== undefined && (maxPerSecond < 1 || maxPerSecond > 500)) {
      throw invalidParameterValue(
        'Value for parameter MaxNumberOfMessagesPerSecond must be between 1 and 500.',
      );
    }
    const history = this.bySource.get(source) ?? [];
    if (history.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING')) {
      throw invalidParameterValue(
        'There is already a task running. Only one active task is allowed for a source queue arn at a given time.',
      );
    }
    const task: Task = {
      handle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn })).toString('base64'),
      sourceArn,
      source,
      ...(destinationArn ? { destinationArn, destination } : {}),
      ...(maxPerSecond !== undefined ? { maxPerSecond } : {}),
      toMove: this.store.visibleCount(source),
      startedAt: this.store.now(),
      moved: 0,
      status: 'RUNNING',
    };
    this.bySource.set(source, [task, ...history].slice(0, KEPT_PER_SOURCE));
    this.schedule(task, 0);
    return task.handle;
  }

  /** Most recent first, as SQS lists them. */
  list(sourceArn: string, maxResults = 1): Record<string, unknown>[] {
    const source = this.store.queueNameByArn(sourceArn);
    if (!source)
      throw resourceNotFound(
        `The resource that you specified for the SourceArn parameter doesn't exist.`,
      );
    return (this.bySource.get(source) ?? []).slice(0, maxResults).map((task) => ({
      TaskHandle: task.status === 'RUNNING' ? task.handle : undefined,
      Status: task.status,
      SourceArn: task.sourceArn,
      DestinationArn: task.destinationArn,
      MaxNumberOfMessagesPerSecond: task.maxPerSecond,
      ApproximateNumberOfMessagesMoved: task.moved,
      ApproximateNumberOfMessagesToMove: task.toMove,
      FailureReason: task.failureReason,
      StartedTimestamp: task.startedAt,
    }));
  }

  /** Returns the number moved so far. */
  cancel(handle: string): number {
    const task = [...this.bySource.values()].flat().find((t) => t.handle === handle);
    if (!task)
      throw resourceNotFound(
        'The resource that you specified for the TaskHandle parameter does not exist.',
      );
    if (task.status !== 'RUNNING') {
      throw invalidParameterValue('Only tasks with status RUNNING can be cancelled.');
    }
    clearTimeout(task.timer);
    task.status = 'CANCELLED';
    return task.moved;
  }

  close(): void {
    for (const task of [...this.bySource.values()].flat()) clearTimeout(task.timer);
  }

  private schedule(task: Task, delayMs: number): void {
    task.timer = setTimeout(() => this.tick(task), delayMs);
    task.timer.unref();
  }

  private tick(task: Task): void {
    if (task.status !== 'RUNNING') return;
    const perTick = Math.max(
      1,
      Math.floor(((task.maxPerSecond ?? DEFAULT_PER_SECOND) * TICK_MS) / 1000),
    );
    for (let i = 0; i < perTick && task.moved < task.toMove; i += 1) {
      const result = this.store.moveNextMessage(task.source, task.destination);
      if (result === 'empty') break;
      if (result !== 'moved') {
        task.status = 'FAILED';
        task.failureReason = result.failure;
        return;
      }
      task.moved += 1;
    }
    // Done when all it set out to move have moved, or nothing receivable is left to move
    // (the rest are in flight or gone), as a real task ends.
    if (task.moved >= task.toMove || this.store.visibleCount(task.source) === 0) {
      task.status = 'COMPLETED';
      return;
    }
    this.schedule(task, TICK_MS);
  }
}
