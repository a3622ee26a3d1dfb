import { Deque } from './deque';
import { MinHeap } from './min-heap';
import type { QueueSettings, QueueStats, StoredMessage } from './types';

type State = 'visible' | 'inFlight' | 'delayed';

interface Slot {
  message: StoredMessage;
  state: State;
  /**
   * Bumped on every reschedule or removal. The ready list and the timeline
   * hold (slot, generation) tickets and drop stale ones when they meet them,
   * which makes delete and visibility changes O(1) instead of a search.
   */
  generation: number;
}

interface Ticket {
  slot: Slot;
  generation: number;
}

interface TimedTicket extends Ticket {
  at: number;
  order: number;
}

// Expiry is checked exactly on delivery; the sweep only keeps counts honest,
// so once a second per queue is plenty and bounds its O(n) cost.
const SWEEP_INTERVAL_MS = 1_000;

/**
 * One standard queue in memory: every message is in exactly one of three
 * states, and the counters for GetQueueAttributes and the dashboard are kept
 * incrementally. Callers pass `now` so that time is advanced in one place
 * (the store) and the queue itself stays deterministic.
 */
export class Queue {
  /** Long-polling receivers, woken whenever a message may have become receivable. */
  readonly waiters = new Set<() => void>();
  /** When the last PurgeQueue ran (SQS allows one a minute); not persisted. */
  lastPurgedAt: number | undefined;
  /** FIFO queues only: sequence numbers and the deduplication and receive-attempt windows. */
  readonly fifoState: FifoState | undefined;
  private readonly slots = new Map<string, Slot>();
  private readonly ready = new Deque<Ticket>();
  private readonly timeline = new MinHeap<TimedTicket>(
    (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order),
  );
  private readonly counts: Record<State, number> = { visible: 0, inFlight: 0, delayed: 0 };
  private timelineOrder = 0;
  private nextSweepAt = Number.POSITIVE_INFINITY;
  private settingsValue: QueueSettings;

  constructor(
    readonly name: string,
    readonly arn: string,
    settings: QueueSettings,
    readonly createdAt: number,
    public lastModifiedAt: number,
    public tags: Record<string, string>,
  ) {
    this.settingsValue = settings;
    this.fifoState = settings.fifo ? new FifoState() : undefined;
  }

  get settings(): QueueSettings {
    return this.settingsValue;
  }

  set settings(settings: QueueSettings) {
    // A shorter retention may expire messages right away.
    if (settings.messageRetentionPeriod !== this.settingsValue.messageRetentionPeriod) {
      this.nextSweepAt = 0;
    }
    this.settingsValue = settings;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Adds a message whose `visibleAt` says when it may first be received. */
  add(message: StoredMessage, now: number): void {
    const slot: Slot = { message, state: 'delayed', generation: 0 };
    this.counts.delayed++;
    this.slots.set(message.id, slot);
    this.schedule(slot, now);
    this.nextSweepAt = Math.min(this.nextSweepAt, this.expiresAt(message));
  }

  get(id: string): StoredMessage | undefined {
    return this.slots.get(id)?.message;
  }

  isInFlight(id: string): boolean {
    return this.slots.get(id)?.state === 'inFlight';
  }

  remove(id: string): StoredMessage | undefined {
    const slot = this.slots.get(id);
    if (!slot) return undefined;
    this.counts[slot.state]--;
    slot.generation++;
    this.slots.delete(id);
    return slot.message;
  }

  purge(): void {
    this.slots.clear();
    this.ready.clear();
    this.timeline.clear();
    this.counts.visible = this.counts.inFlight = this.counts.delayed = 0;
    this.nextSweepAt = Number.POSITIVE_INFINITY;
  }

  /** Moves due delays and expired visibility timeouts to the ready list, drops expired messages. */
  advance(now: number): void {
    for (let next = this.timeline.peek(); next && next.at <= now; next = this.timeline.peek()) {
      this.timeline.pop();
      if (this.isCurrent(next)) this.schedule(next.slot, now);
    }
    if (now >= this.nextSweepAt) this.sweepExpired(now);
  }

  /** When the earliest pending message may become receivable (possibly a stale entry: a hint). */
  nextChangeAt(): number | undefined {
    return this.timeline.peek()?.at;
  }

  /**
   * Takes the next receivable message off the ready list. The caller must, in
   * the same tick, either `markReceived` it or `remove` it: until then it is
   * counted as visible but no longer listed as ready.
   */
  takeNextVisible(now: number): StoredMessage | undefined {
    for (let ticket = this.ready.shift(); ticket; ticket = this.ready.shift()) {
      if (!this.isCurrent(ticket) || ticket.slot.state !== 'visible') continue;
      const message = ticket.slot.message;
      if (this.expiresAt(message) <= now) {
        this.remove(message.id);
        continue;
      }
      return message;
    }
    return undefined;
  }

  /**
   * FIFO delivery: up to `max` receivable messages in send order, skipping
   * every group that has a message in flight (one in-flight batch per group)
   * and, within a group, everything after a message not yet receivable. Same
   * contract as takeNextVisible; `skip` holds ids already taken this tick.
   */
  takeFifoBatch(now: number, max: number, skip: ReadonlySet<string>): StoredMessage[] {
    const blocked = new Set<string>();
    for (const slot of this.slots.values()) {
      if (slot.state === 'inFlight') blocked.add(slot.message.messageGroupId ?? '');
    }
    const taken: StoredMessage[] = [];
    for (const slot of this.slots.values()) {
      if (taken.length >= max) break;
      const { message } = slot;
      const group = message.messageGroupId ?? '';
      if (blocked.has(group) || skip.has(message.id)) continue;
      if (this.expiresAt(message) <= now) {
        this.remove(message.id);
        continue;
      }
      if (slot.state === 'visible') taken.push(message);
      else blocked.add(group);
    }
    return taken;
  }

  markReceived(id: string, now: number, visibleAt: number, receiptHandle: string): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    const message = slot.message;
    message.receiveCount++;
    message.firstReceiveAt ??= now;
    message.receiptHandle = receiptHandle;
    message.visibleAt = visibleAt;
    this.schedule(slot, now);
  }

  /** ChangeMessageVisibility: the new timeout counts from now. */
  setVisibleAt(id: string, visibleAt: number, now: number): void {
    const slot = this.slots.get(id);
    if (!slot) return;
    slot.message.visibleAt = visibleAt;
    this.schedule(slot, now);
  }

  stats(now: number): QueueStats {
    this.advance(now);
    const oldest = this.slots.values().next().value;
    return {
      visible: this.counts.visible,
      inFlight: this.counts.inFlight,
      delayed: this.counts.delayed,
      oldestAgeSeconds: oldest
        ? Math.max(0, Math.floor((now - oldest.message.enqueuedAt) / 1000))
        : 0,
    };
  }

  /** Messages in the order they entered this queue: the persisted form. */
  messages(): StoredMessage[] {
    return Array.from(this.slots.values(), (slot) => slot.message);
  }

  wakeWaiters(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private schedule(slot: Slot, now: number): void {
    slot.generation++;
    const message = slot.message;
    const state: State =
      message.visibleAt <= now ? 'visible' : message.receiveCount > 0 ? 'inFlight' : 'delayed';
    this.counts[slot.state]--;
    this.counts[state]++;
    slot.state = state;
    const ticket = { slot, generation: slot.generation };
    // FIFO queues are scanned in send order (takeFifoBatch) instead of using the ready list.
    if (state === 'visible') {
      if (!this.fifoState) this.ready.push(ticket);
    } else this.timeline.push({ ...ticket, at: message.visibleAt, order: this.timelineOrder++ });
  }

  private isCurrent(ticket: Ticket): boolean {
    return (
      ticket.generation === ticket.slot.generation &&
      this.slots.get(ticket.slot.message.id) === ticket.slot
    );
  }

  private expiresAt(message: StoredMessage): number {
    return message.sentAt + this.settingsValue.messageRetentionPeriod * 1000;
  }

  private sweepExpired(now: number): void {
    let earliest = Number.POSITIVE_INFINITY;
    // Deleting the current entry while iterating a Map is well-defined in JS.
    for (const { message } of this.slots.values()) {
      const expiresAt = this.expiresAt(message);
      if (expiresAt <= now) this.remove(message.id);
      else earliest = Math.min(earliest, expiresAt);
    }
    this.nextSweepAt = Math.max(earliest, now + SWEEP_INTERVAL_MS);
  }
}

export interface DeduplicationEntry {
  messageId: string;
  sequenceNumber: string;
  /** Epoch ms of the send that the id was first seen with. */
  at: number;
}

export interface ReceiveAttempt {
  at: number;
  /** Message id → receipt handle, as that receive returned them. */
  handles: Map<string, string>;
}

/** The FIFO bookkeeping of one queue; entries are kept in time order, so expiry trims the front. */
export class FifoState {
  /** 20 digits from the first message, like SQS's. */
  nextSequenceNumber = 10_000_000_000_000_000_000n;
  readonly deduplication = new Map<string, DeduplicationEntry>();
  readonly attempts = new Map<string, ReceiveAttempt>();

  takeSequenceNumber(): string {
    const next = this.nextSequenceNumber;
    this.nextSequenceNumber += 1n;
    return next.toString();
  }

  /** Forgets what is older than the window: deduplication ids and receive attempts. */
  expire(now: number, windowMs: number): void {
    for (const map of [this.deduplication, this.attempts]) {
      for (const [key, entry] of map) {
        if (entry.at + windowMs > now) break;
        map.delete(key);
      }
    }
  }
}
