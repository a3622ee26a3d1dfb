import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  invalidAttributeName,
  invalidParameter,
  invalidParameterValue,
  messageNotInflight,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
} from './errors';
import { MAX_QUEUE_NAME_LENGTH } from './limits';
import { md5Hex, md5OfMessageAttributes } from './md5';
import { messageSize } from './message-attributes';
import { MessageMoveTasks, type MoveResult } from './move-tasks';
import { QueueFiles, type PersistedQueue } from './persistence';
import { Queue } from './queue';
import {
  READABLE_ATTRIBUTES,
  applyPatch,
  defaultSettings,
  fifoUnsupported,
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
  /** Overrides the queue's DelaySeconds. */
  delaySeconds?: number;
  messageGroupId?: string;
  senderId?: string;
}

export interface ReceiveMessagesInput {
  maxMessages?: number;
  /** Overrides the queue's VisibilityTimeout for these messages. */
  visibilityTimeout?: number;
  /** Long-poll up to this long; defaults to the queue's ReceiveMessageWaitTimeSeconds. */
  waitTimeSeconds?: number;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * All queues of one local account and region, with their messages, persisted
 * under `dataDir`. This is both what the HTTP server drives and the cheap
 * programmatic view the rest of the local runtime reads (stats, queue list).
 */
export class QueueStore {
  readonly region: string;
  readonly accountId: string;
  private readonly queues = new Map<string, Queue>();
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
    assertValidQueueName(name);
    const patch = parseQueueAttributes(attributes);
    const existing = this.queues.get(name);
    if (existing) {
      if (!patchMatches(existing.settings, patch)) throw queueNameExists(name);
      return { name, created: false };
    }
    this.assertDeadLetterTarget(name, patch);
    const now = this.clock();
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

  deleteQueue(name: string): void {
    const queue = this.require(name);
    this.queues.delete(name);
    queue.purge();
    queue.wakeWaiters();
    this.files.deleted(name);
  }

  setQueueAttributes(name: string, attributes: Record<string, string>): void {
    const queue = this.require(name);
    const patch = parseQueueAttributes(attributes);
    this.assertDeadLetterTarget(name, patch);
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

  purgeQueue(name: string): void {
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
    if (visibilityTimeout === 0) queue.wakeWaiters();
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
    const message = queue.takeNextVisible(now);
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
    this.sendMessage(target.name, {
      body: message.body,
      attributes: message.attributes,
      systemAttributes: message.systemAttributes,
      senderId: message.senderId,
      delaySeconds: 0,
    });
    return 'moved';
  }

  /** Writes every pending change to disk now. */
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
    const redrive = queue.settings.redrivePolicy;
    const deadLetter = redrive && this.queueByArn(redrive.deadLetterTargetArn);
    const received: StoredMessage[] = [];
    let changed = false;
    while (received.length < max) {
      const message = queue.takeNextVisible(now);
      if (!message) break;
      changed = true;
      // SQS moves the message instead of delivering it once delivering would
      // push its receive count past maxReceiveCount.
      if (redrive && deadLetter && deadLetter !== queue) {
        if (message.receiveCount >= redrive.maxReceiveCount) {
          this.moveToDeadLetter(queue, message, deadLetter, now);
          continue;
        }
      }
      queue.markReceived(message.id, now, visibleAt, newReceiptHandle(message.id));
      received.push({ ...message });
    }
    if (changed) this.files.changed(queue.name);
    return received;
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

  private assertDeadLetterTarget(name: string, patch: SettingsPatch): void {
    const target = patch.redrivePolicy?.deadLetterTargetArn;
    if (!target) return;
    const reason =
      target === this.arnOf(name)
        ? 'Dead letter target cannot be the queue itself.'
        : this.queueByArn(target)
          ? undefined
          : 'Dead letter target does not exist.';
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
    };
  }
}

function assertValidQueueName(name: string): void {
  if (name.endsWith('.fifo')) throw fifoUnsupported();
  if (name.length === 0 || name.length > MAX_QUEUE_NAME_LENGTH || !QUEUE_NAME.test(name)) {
    throw invalidParameterValue(
      `Can only include alphanumeric characters, hyphens, or underscores. 1 to ${MAX_QUEUE_NAME_LENGTH} in length`,
    );
  }
}
