import { mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeduplicationEntry } from './queue';
import type { QueueSettings, StoredMessage } from './types';

/** One queue as kept on disk: settings, tags and every message with its state. */
export interface PersistedQueue {
  version: 1;
  name: string;
  createdAt: number;
  lastModifiedAt: number;
  settings: QueueSettings;
  tags: Record<string, string>;
  messages: StoredMessage[];
  /** FIFO queues: the next sequence number and the deduplication window (added later: optional). */
  fifo?: {
    nextSequenceNumber: string;
    deduplication: [string, DeduplicationEntry][];
  };
}

const SUFFIX = '.queue.json';
const TEMP_MARKER = '.tmp-';

let tempCounter = 0;

/**
 * Writes each queue as one JSON file, replaced atomically (temp file +
 * rename) so that a crash leaves either the old or the new snapshot, never a
 * torn one. Changes are coalesced: a queue is written at most once per delay
 * however many messages went through it, and never twice at the same time.
 */
export class QueueFiles {
  private readonly dirty = new Set<string>();
  private readonly writing = new Set<string>();
  /** Per queue, the tail of its file operations: a delete never overtakes a write. */
  private readonly chains = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** Grows with the cost of a write so a huge queue is not rewritten back to back. */
  private delayMs: number;

  constructor(
    private readonly dir: string,
    private readonly minDelayMs: number,
    private readonly snapshot: (name: string) => PersistedQueue | undefined,
    private readonly onError: (error: unknown) => void,
  ) {
    this.delayMs = minDelayMs;
  }

  static async load(dir: string, onError: (error: unknown) => void): Promise<PersistedQueue[]> {
    await mkdir(dir, { recursive: true });
    const queues: PersistedQueue[] = [];
    for (const file of await readdir(dir)) {
      const path = join(dir, file);
      if (file.includes(TEMP_MARKER)) {
        // Left by a crash between write and rename; the previous snapshot is intact.
        await unlink(path).catch(() => undefined);
        continue;
      }
      if (!file.endsWith(SUFFIX)) continue;
      try {
        const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
        if (!isPersistedQueue(parsed)) throw new Error('unrecognised queue file format');
        queues.push(parsed);
      } catch (error) {
        // Keep the bytes for inspection, but do not let one bad file stop the runtime.
        const aside = `${path}.corrupt-${Date.now()}`;
        await rename(path, aside).catch(() => undefined);
        onError(
          new Error(`local SQS: ignored unreadable ${path} (moved to ${aside})`, { cause: error }),
        );
      }
    }
    return queues;
  }

  changed(name: string): void {
    this.dirty.add(name);
    this.arm();
  }

  /**
   * Resolves once the queue's state as of now is on disk. A sent message is
   * acknowledged only after this: what SQS has answered for must survive a
   * SIGKILL of the local cloud. Sends arriving while a write runs share the
   * next write (group commit), so a burst costs one write, not one per send.
   */
  durable(name: string): Promise<void> {
    this.dirty.add(name);
    return this.write(name);
  }

  deleted(name: string): void {
    this.dirty.delete(name);
    void this.enqueue(name, () => unlink(this.pathOf(name)).catch(ignoreMissing));
  }

  /** Writes every pending change now and waits for all file operations to finish. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.dirty.size > 0 || this.chains.size > 0) {
      for (const name of this.dirty) void this.write(name);
      await Promise.all(this.chains.values());
    }
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const name of this.dirty) {
        if (!this.writing.has(name)) void this.write(name);
      }
    }, this.delayMs);
    // Pending writes must not keep a finished process alive; close() flushes.
    this.timer.unref();
  }

  private write(name: string): Promise<void> {
    this.writing.add(name);
    return this.enqueue(name, async () => {
      // The snapshot is taken when the write runs, so it is the latest state.
      if (!this.dirty.delete(name)) return;
      const queue = this.snapshot(name);
      if (!queue) return;
      const started = performance.now();
      await writeAtomically(this.pathOf(name), JSON.stringify(queue));
      this.delayMs = Math.max(this.minDelayMs, Math.min(5_000, (performance.now() - started) * 4));
    }).finally(() => {
      this.writing.delete(name);
      if (this.dirty.has(name)) this.arm();
    });
  }

  private enqueue(name: string, operation: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(name) ?? Promise.resolve();
    const next = previous.then(operation).catch(this.onError);
    this.chains.set(name, next);
    void next.then(() => {
      if (this.chains.get(name) === next) this.chains.delete(name);
    });
    return next;
  }

  private pathOf(name: string): string {
    // Queue names are [A-Za-z0-9_-]{1,80}: safe as file names on every platform.
    return join(this.dir, `${name}${SUFFIX}`);
  }
}

async function writeAtomically(path: string, data: string): Promise<void> {
  const temp = `${path}${TEMP_MARKER}${process.pid}-${++tempCounter}`;
  try {
    await writeFile(temp, data, 'utf8');
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

function isPersistedQueue(value: unknown): value is PersistedQueue {
  if (typeof value !== 'object' || value === null) return false;
  const queue = value as Partial<Record<keyof PersistedQueue, unknown>>;
  return (
    queue.version === 1 &&
    typeof queue.name === 'string' &&
    typeof queue.createdAt === 'number' &&
    typeof queue.settings === 'object' &&
    queue.settings !== null &&
    Array.isArray(queue.messages)
  );
}
