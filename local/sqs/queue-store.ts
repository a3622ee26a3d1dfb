import { createHash, randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  invalidAttributeName,
  invalidParameter,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  purgeQueueInProgress,
  queueDeletedRecently,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
} from './errors';
import {
  DEDUPLICATION_INTERVAL_MS,
  DELETED_NAME_HOLD_MS,
  MAX_QUEUE_NAME_LENGTH,
  PURGE_INTERVAL_MS,
} from './limits';
import { md5Hex, md5OfMessageAttributes } from './md5';
import { messageSize } from './message-attributes';
import { MessageMoveTasks, type MoveResult } from './move-tasks';
import { QueueFiles, type PersistedQueue } from './persistence';
import { Queue } from './queue';
import {
  READABLE_ATTRIBUTES,
  applyPatch,
  defaultSettings,
  parseQueueAttributes,
  patchMatches,
  renderSettings,
  type SettingsPatch,
} from './queue-attributes';
import { queueArn } from './queue-url';
import { messageIdOf, newReceiptHandle } from './receipt-handle';
import type { MessageAttributes, QueueStats, StoredMessage } from './types';

export interface QueueStoreOptions {
  /** Folder for the queue files; created if missing. */
  dataDir: string;
  region?: string;
  accountId?: string;
  /** Minimum delay between a change and its write to disk (default 100 ms). */
  flushDelayMs?: number;
  /** Source of "now" in epoch ms, for tests; timers still run on real time. */
  clock?: () => number;
  /** Where failures nobody awaits (background writes) are reported; default console.error. */
  onError?: (error: unknown) => void;
}

export interface SendMessageInput {
  body: string;
  attributes?: MessageAttributes;
  systemAttributes?: MessageAttributes;
  /** Overrides the queue's DelaySeconds (standard queues only, as in SQS). */
  delaySeconds?: number;
  messageGroupId?: string;
  /** FIFO queues: sends with an id seen in the last 5 minutes are accepted but not enqueued. */
  deduplicationId?: string;
  senderId?: string;
}

export interface ReceiveMessagesInput {
  maxMessages?: number;
  /** Overrides the queue's VisibilityTimeout for these messages. */
  visibilityTimeout?: number;
  /** Long-poll up to this long; defaults to the queue's ReceiveMessageWaitTimeSeconds. */
  waitTimeSeconds?: number;
  /** FIFO queues: a retry with the same id returns the same messages and receipt handles. */
  receiveRequestAttemptId?: string;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]+$/;
const FIFO_SUFFIX = '.fifo';

/**
 * All queues of one local account and region, with their messages, persisted
 * under `dataDir`. This is both what the HTTP server drives and the cheap
 * programmatic view the rest of the local runtime reads (stats, queue list).
 */
export class QueueStore {
  readonly region: string;
  readonly accountId: string;
  private readonly queues = new Map<string, Queue>();
  /** Names deleted lately, with when: SQS keeps a name taken for 60 s after DeleteQueue. */
  private readonly deletedAt = new Map<string, number>();
  private readonly clock: () => number;
  private readonly files: QueueFiles;
  /** Ends every pending long poll at shutdown. */
  private readonly closing = new AbortController();
  /** Dead-letter queue redrive (StartMessageMoveTask and friends). */
  readonly moveTasks: MessageMoveTasks = new MessageMoveTasks(this);

  private constructor(options: QueueStoreOptions) {
    // One listener per pending long poll, one poll per queue's event source: more than 10 is normal.
    setMaxListeners(0, this.closing.signal);
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? Date.now;
    const onError = options.onError ?? ((error: unknown) => console.error(error));
    this.files = new QueueFiles(
      options.dataDir,
      options.flushDelayMs ?? 100,
      (name) => this.snapshot(name),
      onError,
    );
  }

  static async open(options: QueueStoreOptions): Promise<QueueStore> {
    const store = new QueueStore(options);
    const onError = options.onError ?? ((error: unknown) => console.error(error));
    const now = store.clock();
    for (const saved of await QueueFiles.load(options.dataDir, onError)) {
      const queue = new Queue(
        saved.name,
        queueArn(store.region, store.accountId, saved.name),
        { ...defaultSettings(), ...saved.settings },
        saved.createdAt,
        saved.lastModifiedAt,
        saved.tags ?? {},
      );
      // In-flight messages keep their deadline: they reappear when it passes, as in SQS.
      for (const message of saved.messages) queue.add(message, now);
      if (queue.fifoState && saved.fifo) {
        queue.fifoState.nextSequenceNumber = BigInt(saved.fifo.nextSequenceNumber);
        for (const [key, entry] of saved.fifo.deduplication) {
          queue.fifoState.deduplication.set(key, entry);
        }
      }
      store.queues.set(saved.name, queue);
    }
    return store;
  }

  now(): number {
    return this.clock();
  }

  arnOf(name: string): string {
    return queueArn(this.region, this.accountId, name);
  }

  hasQueue(name: string): boolean {
    return this.queues.has(name);
  }

  /** Queue names in lexical order, optionally those starting with a prefix. */
  listQueues(prefix = ''): string[] {
    return [...this.queues.keys()].filter((name) => name.startsWith(prefix)).sort();
  }

  /** Receives waiting on the queue (long polls with nothing yet to answer): what a test waits for. */
  longPolls(name: string): number {
    return this.queues.get(name)?.waiters.size ?? 0;
  }

  /** Queue depth for dashboards: O(1) apart from due timers; undefined for an unknown queue. */
  stats(name: string): QueueStats | undefined {
    return this.queues.get(name)?.stats(this.clock());
  }

  /**
   * Creates a queue, or returns the existing one when every attribute given
   * already has that value (SQS's idempotency rule); `created` tells which.
   */
  createQueue(
    name: string,
    attributes: Record<string, string> = {},
    tags: Record<string, string> = {},
  ): { name: string; created: boolean } {
    const patch = parseQueueAttributes(attributes);
    assertValidQueueName(name, patch.fifoQueue === true);
    const existing = this.queues.get(name);
    if (existing) {
      if (!patchMatches(existing.settings, patch)) throw queueNameExists(name);
      return { name, created: false };
    }
    const now = this.clock();
    const deletedAt = this.deletedAt.get(name);
    if (deletedAt !== undefined && now - deletedAt < DELETED_NAME_HOLD_MS) {
      throw queueDeletedRecently();
    }
    this.deletedAt.delete(name);
    this.assertDeadLetterTarget(name, patch, patch.fifoQueue === true);
    const queue = new Queue(
      name,
      this.arnOf(name),
      applyPatch(defaultSettings(), patch),
      now,
      now,
      { ...tags },
    );
    this.queues.set(name, queue);
    this.files.changed(name);
    return { name, created: true };
  }

  /**
   * DeleteQueue as SQS answers it: the name stays taken for 60 s. Tests and
   * tools that recreate a queue at once pass `holdName: false`.
   */
  deleteQueue(name: string, options: { holdName?: boolean } = {}): void {
    const queue = this.require(name);
    this.queues.delete(name);
    if (options.holdName ?? true) this.deletedAt.set(name, this.clock());
    queue.purge();
    queue.wakeWaiters();
    this.files.deleted(name);
  }

  setQueueAttributes(name: string, attributes: Record<string, string>): void {
    const queue = this.require(name);
    // The type of a queue is fixed at creation: SQS does not know FifoQueue here.
    if (Object.hasOwn(attributes, 'FifoQueue')) throw invalidAttributeName('FifoQueue');
    const patch = parseQueueAttributes(attributes, queue.fifoState !== undefined);
    this.assertDeadLetterTarget(name, patch, queue.fifoState !== undefined);
    queue.settings = applyPatch(queue.settings, patch);
    queue.lastModifiedAt = this.clock();
    this.files.changed(name);
  }

  /** GetQueueAttributes: `All`, or the names asked for; unknown names are an error as in SQS. */
  getQueueAttributes(name: string, names: readonly string[]): Record<string, string> {
    const queue = this.require(name);
    for (const attribute of names) {
      if (!READABLE_ATTRIBUTES.has(attribute)) throw invalidAttributeName(attribute);
    }
    if (names.length === 0) return {};
    const stats = queue.stats(this.clock());
    const all: Record<string, string> = {
      QueueArn: queue.arn,
      ApproximateNumberOfMessages: String(stats.visible),
      ApproximateNumberOfMessagesNotVisible: String(stats.inFlight),
      ApproximateNumberOfMessagesDelayed: String(stats.delayed),
      CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
      ...renderSettings(queue.settings),
    };
    if (names.includes('All')) return all;
    const picked: Record<string, string> = {};
    for (const attribute of names) {
      const value = all[attribute];
      if (value !== undefined) picked[attribute] = value;
    }
    return picked;
  }

  /** PurgeQueue as SQS answers it: one per queue every 60 seconds. */
  purgeQueue(name: string): void {
    const queue = this.require(name);
    const now = this.clock();
    if (queue.lastPurgedAt !== undefined && now - queue.lastPurgedAt < PURGE_INTERVAL_MS) {
      throw purgeQueueInProgress(name);
    }
    queue.lastPurgedAt = now;
    this.clearQueue(name);
  }

  /** Drops every message at once, without PurgeQueue's once-a-minute rule: for tests and tools. */
  clearQueue(name: string): void {
    this.require(name).purge();
    this.files.changed(name);
  }

  tagQueue(name: string, tags: Record<string, string>): void {
    const queue = this.require(name);
    queue.tags = { ...queue.tags, ...tags };
    this.files.changed(name);
  }

  untagQueue(name: string, keys: readonly string[]): void {
    const queue = this.require(name);
    const tags = { ...queue.tags };
    for (const key of keys) delete tags[key];
    queue.tags = tags;
    this.files.changed(name);
  }

  listQueueTags(name: string): Record<string, string> {
    return { ...this.require(name).tags };
  }

  /** Queues whose RedrivePolicy targets this one. */
  deadLetterSourceQueues(name: string): string[] {
    const arn = this.require(name).arn;
    return this.listQueues().filter(
      (source) => this.queues.get(source)?.settings.redrivePolicy?.deadLetterTargetArn === arn,
    );
  }

  /**
   * Enqueues a message; content and attributes must already be validated
   * (see message-attributes.ts), this checks what depends on the queue.
   */
  sendMessage(name: string, input: SendMessageInput): StoredMessage {
    const queue = this.require(name);
    const attributes = input.attributes ?? {};
    const systemAttributes = input.systemAttributes ?? {};
    const limit = queue.settings.maximumMessageSize;
    if (messageSize(input.body, attributes) > limit) {
      throw invalidParameterValue(
        `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
      );
    }
    const now = this.clock();
    const fifo = queue.fifoState;
    let deduplicationId: string | undefined;
    if (fifo) {
      if (input.messageGroupId === undefined) throw missingParameter('MessageGroupId');
      if (input.delaySeconds) {
        throw invalidParameter(
          'DelaySeconds',
          String(input.delaySeconds),
          'The request include parameter that is not valid for this queue type.',
        );
      }
      deduplicationId =
        input.deduplicationId ??
        (queue.settings.fifo?.contentBasedDeduplication
          ? createHash('sha256').update(input.body, 'utf8').digest('hex')
          : undefined);
      if (deduplicationId === undefined) {
        throw invalidParameterValue(
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
        );
      }
    } else if (input.deduplicationId !== undefined) {
      throw invalidParameterValue(
        'The request include parameter MessageDeduplicationId that is not valid for this queue type',
      );
    }
    const delaySeconds = input.delaySeconds ?? queue.settings.delaySeconds;
    const message: StoredMessage = {
      id: randomUUID(),
      body: input.body,
      md5OfBody: md5Hex(input.body),
      attributes,
      md5OfAttributes: md5OfMessageAttributes(attributes),
      systemAttributes,
      md5OfSystemAttributes: md5OfMessageAttributes(systemAttributes),
      senderId: input.senderId ?? this.accountId,
      sentAt: now,
      enqueuedAt: now,
      receiveCount: 0,
      visibleAt: now + delaySeconds * 1000,
    };
    if (input.messageGroupId !== undefined) message.messageGroupId = input.messageGroupId;
    if (fifo && deduplicationId !== undefined) {
      fifo.expire(now, DEDUPLICATION_INTERVAL_MS);
      const key =
        queue.settings.fifo?.deduplicationScope === 'messageGroup'
          ? `${input.messageGroupId}\u0000${deduplicationId}`
          : deduplicationId;
      const seen = fifo.deduplication.get(key);
      // Accepted, answered as the first send was, and not enqueued again.
      if (seen) return { ...message, id: seen.messageId, sequenceNumber: seen.sequenceNumber };
      message.deduplicationId = deduplicationId;
      message.sequenceNumber = fifo.takeSequenceNumber();
      fifo.deduplication.set(key, {
        messageId: message.id,
        sequenceNumber: message.sequenceNumber,
        at: now,
      });
    }
    queue.advance(now);
    queue.add(message, now);
    this.files.changed(name);
    if (delaySeconds === 0) queue.wakeWaiters();
    return { ...message };
  }

  /**
   * Receives up to `maxMessages`, long-polling when nothing is ready: the call
   * returns as soon as at least one message can be delivered, or empty when
   * the wait ends, the signal aborts, the queue goes away or the store closes.
   */
  async receiveMessages(
    name: string,
    input: ReceiveMessagesInput = {},
    signal?: AbortSignal,
  ): Promise<StoredMessage[]> {
    const queue = this.require(name);
    const waitMs = (input.waitTimeSeconds ?? queue.settings.receiveMessageWaitTimeSeconds) * 1000;
    const deadline = this.clock() + waitMs;
    // Also bounded in real time, so an injected clock that stands still cannot spin the loop.
    const realDeadline = performance.now() + waitMs;
    for (;;) {
      const received = this.receiveNow(queue, input);
      if (received.length > 0 || this.clock() >= deadline || performance.now() >= realDeadline) {
        return received;
      }
      if (signal?.aborted || this.closing.signal.aborted) return [];
      await this.waitForChange(queue, deadline, signal);
      if (this.queues.get(name) !== queue) return [];
    }
  }

  /**
   * Deletes with the latest receipt handle. As SQS documents, a stale handle
   * (the message was received again since) succeeds without deleting, and a
   * handle for a message already gone succeeds too.
   */
  deleteMessage(name: string, receiptHandle: string): void {
    const queue = this.require(name);
    const id = messageIdOf(receiptHandle);
    if (!id) throw receiptHandleIsInvalid(receiptHandle);
    if (queue.get(id)?.receiptHandle !== receiptHandle) return;
    queue.remove(id);
    this.files.changed(name);
    // The group of a deleted FIFO message may have nothing left in flight.
    if (queue.fifoState) queue.wakeWaiters();
  }

  changeMessageVisibility(name: string, receiptHandle: string, visibilityTimeout: number): void {
    const queue = this.require(name);
    const id = messageIdOf(receiptHandle);
    if (!id) throw receiptHandleIsInvalid(receiptHandle);
    const now = this.clock();
    queue.advance(now);
    const message = queue.get(id);
    if (!message || message.receiptHandle !== receiptHandle) {
      throw invalidParameter(
        'ReceiptHandle',
        receiptHandle,
        'Message does not exist or is not available for visibility timeout change.',
      );
    }
    if (!queue.isInFlight(id)) throw messageNotInflight();
    queue.setVisibleAt(id, now + visibilityTimeout * 1000, now);
    this.files.changed(name);
    // On a FIFO queue any change may unblock the message's group.
    if (visibilityTimeout === 0 || queue.fifoState) queue.wakeWaiters();
  }

  /** The name of the queue with this ARN, if there is one. */
  queueNameByArn(arn: string): string | undefined {
    return this.queueByArn(arn)?.name;
  }

  /** Messages receivable now. */
  visibleCount(name: string): number {
    return this.require(name).stats(this.clock()).visible;
  }

  /**
   * One step of a message move task: the next receivable message of `source`
   * leaves it and enters `destination` (or the queue it was dead-lettered
   * from) as a new message, as SQS's redrive does.
   */
  moveNextMessage(source: string, destination?: string): MoveResult {
    const queue = this.require(source);
    const now = this.clock();
    queue.advance(now);
    const message = queue.fifoState
      ? queue.takeFifoBatch(now, 1, new Set())[0]
      : queue.takeNextVisible(now);
    if (!message) return 'empty';
    const targetArn = destination ? this.arnOf(destination) : message.deadLetterSourceArn;
    const target = targetArn ? this.queueByArn(targetArn) : undefined;
    if (!target) {
      // Back on the ready list: takeNextVisible must be answered in the same tick.
      queue.setVisibleAt(message.id, now, now);
      return {
        failure: targetArn
          ? `The queue ${targetArn} the message came from no longer exists.`
          : 'A message has no source queue to go back to; give a DestinationArn.',
      };
    }
    queue.remove(message.id);
    this.files.changed(source);
    const resend: SendMessageInput = {
      body: message.body,
      attributes: message.attributes,
      systemAttributes: message.systemAttributes,
      senderId: message.senderId,
    };
    if (message.messageGroupId !== undefined) resend.messageGroupId = message.messageGroupId;
    // A new message: its own id keeps it clear of the original's deduplication window.
    if (target.fifoState) resend.deduplicationId = message.id;
    else resend.delaySeconds = 0;
    this.sendMessage(target.name, resend);
    return 'moved';
  }

  /** Writes every pending change to disk now. */
  /** Resolves once the queue's messages as of now are on disk (see QueueFiles.durable). */
  persisted(name: string): Promise<void> {
    return this.files.durable(name);
  }

  flush(): Promise<void> {
    return this.files.flush();
  }

  /** Ends pending long polls (they answer empty) and flushes to disk. */
  async close(): Promise<void> {
    this.closing.abort();
    this.moveTasks.close();
    for (const queue of this.queues.values()) queue.wakeWaiters();
    await this.files.flush();
  }

  private require(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  private receiveNow(queue: Queue, input: ReceiveMessagesInput): StoredMessage[] {
    const now = this.clock();
    queue.advance(now);
    const max = input.maxMessages ?? 1;
    const visibleAt = now + (input.visibilityTimeout ?? queue.settings.visibilityTimeout) * 1000;
    const fifo = queue.fifoState;
    const attemptId = fifo ? input.receiveRequestAttemptId : undefined;
    if (fifo && attemptId !== undefined) {
      fifo.expire(now, DEDUPLICATION_INTERVAL_MS);
      const retried = this.retryAttempt(queue, attemptId, now, visibleAt);
      if (retried) return retried;
    }
    const redrive = queue.settings.redrivePolicy;
    const deadLetter = redrive && this.queueByArn(redrive.deadLetterTargetArn);
    const taken: StoredMessage[] = [];
    const takenIds = new Set<string>();
    let changed = false;
    while (taken.length < max) {
      const candidates = fifo
        ? queue.takeFifoBatch(now, max - taken.length, takenIds)
        : [queue.takeNextVisible(now)].filter((message) => message !== undefined);
      if (candidates.length === 0) break;
      changed = true;
      for (const message of candidates) {
        // SQS moves the message instead of delivering it once delivering would
        // push its receive count past maxReceiveCount.
        if (redrive && deadLetter && deadLetter !== queue) {
          if (message.receiveCount >= redrive.maxReceiveCount) {
            this.moveToDeadLetter(queue, message, deadLetter, now);
            continue;
          }
        }
        taken.push(message);
        takenIds.add(message.id);
      }
    }
    // Marked only once the batch is complete: with a visibility timeout of 0 a
    // received message is ready again at once, and must not come back in the same answer.
    const received = taken.map((message) => {
      queue.markReceived(message.id, now, visibleAt, newReceiptHandle(message.id));
      return { ...message };
    });
    if (changed) this.files.changed(queue.name);
    if (fifo && attemptId !== undefined && received.length > 0) {
      fifo.attempts.delete(attemptId);
      fifo.attempts.set(attemptId, {
        at: now,
        handles: new Map(received.map((message) => [message.id, message.receiptHandle ?? ''])),
      });
    }
    return received;
  }

  /**
   * A FIFO receive retried with the same ReceiveRequestAttemptId gets the same
   * messages and receipt handles again, with the visibility timeout reset, as
   * long as none of them was deleted or had its visibility changed since.
   */
  private retryAttempt(
    queue: Queue,
    attemptId: string,
    now: number,
    visibleAt: number,
  ): StoredMessage[] | undefined {
    const attempt = queue.fifoState?.attempts.get(attemptId);
    if (!attempt) return undefined;
    const messages: StoredMessage[] = [];
    for (const [id, handle] of attempt.handles) {
      const message = queue.get(id);
      if (!message || message.receiptHandle !== handle || !queue.isInFlight(id)) return undefined;
      messages.push(message);
    }
    for (const message of messages) queue.setVisibleAt(message.id, visibleAt, now);
    this.files.changed(queue.name);
    return messages.map((message) => ({ ...message }));
  }

  private moveToDeadLetter(
    source: Queue,
    message: StoredMessage,
    target: Queue,
    now: number,
  ): void {
    source.remove(message.id);
    const moved: StoredMessage = {
      ...message,
      // Retention still counts from the original send; the age of the oldest
      // message in the DLQ counts from the move (both as SQS documents).
      enqueuedAt: now,
      visibleAt: now,
      deadLetterSourceArn: source.arn,
    };
    delete moved.receiptHandle;
    target.advance(now);
    target.add(moved, now);
    this.files.changed(target.name);
    target.wakeWaiters();
  }

  private queueByArn(arn: string): Queue | undefined {
    const name = arn.split(':').at(-1) ?? '';
    const queue = this.queues.get(name);
    return queue?.arn === arn ? queue : undefined;
  }

  private assertDeadLetterTarget(name: string, patch: SettingsPatch, fifo: boolean): void {
    const target = patch.redrivePolicy?.deadLetterTargetArn;
    if (!target) return;
    const targetQueue = this.queueByArn(target);
    const reason =
      target === this.arnOf(name)
        ? 'Dead letter target cannot be the queue itself.'
        : !targetQueue
          ? 'Dead letter target does not exist.'
          : (targetQueue.fifoState !== undefined) !== fifo
            ? fifo
              ? 'The dead-letter queue of a FIFO queue must also be a FIFO queue.'
              : 'The dead-letter queue of a standard queue must also be a standard queue.'
            : undefined;
    if (reason)
      throw invalidParameter('RedrivePolicy', JSON.stringify(patch.redrivePolicy), reason);
  }

  /** Resolves on anything that may make a message receivable, or when the wait is over. */
  private waitForChange(queue: Queue, deadline: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const now = this.clock();
      const nextChange = queue.nextChangeAt();
      const until = nextChange === undefined ? deadline : Math.min(deadline, nextChange);
      const wake = (): void => {
        clearTimeout(timer);
        queue.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        this.closing.signal.removeEventListener('abort', wake);
        resolve();
      };
      // At least 1 ms: a timer may fire a little before Date.now() reaches its target.
      const timer = setTimeout(wake, Math.max(1, until - now));
      queue.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
      this.closing.signal.addEventListener('abort', wake, { once: true });
    });
  }

  private snapshot(name: string): PersistedQueue | undefined {
    const queue = this.queues.get(name);
    if (!queue) return undefined;
    return {
      version: 1,
      name,
      createdAt: queue.createdAt,
      lastModifiedAt: queue.lastModifiedAt,
      settings: queue.settings,
      tags: queue.tags,
      messages: queue.messages(),
      ...(queue.fifoState && {
        fifo: {
          nextSequenceNumber: queue.fifoState.nextSequenceNumber.toString(),
          deduplication: [...queue.fifoState.deduplication],
        },
      }),
    };
  }
}

/** A FIFO queue's name, and only a FIFO queue's, ends in .fifo. */
function assertValidQueueName(name: string, fifo: boolean): void {
  const base = fifo && name.endsWith(FIFO_SUFFIX) ? name.slice(0, -FIFO_SUFFIX.length) : name;
  if (fifo && base === name) {
    throw invalidParameterValue(
      `The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with ${FIFO_SUFFIX} suffix and be 1 to ${MAX_QUEUE_NAME_LENGTH} in length.`,
    );
  }
  if (base.length === 0 || name.length > MAX_QUEUE_NAME_LENGTH || !QUEUE_NAME.test(base)) {
    throw invalidParameterValue(
      `Can only include alphanumeric characters, hyphens, or underscores. 1 to ${MAX_QUEUE_NAME_LENGTH} in length`,
    );
  }
}
