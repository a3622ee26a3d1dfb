import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3EventMessage } from './event-notifications';

/** An event notification accepted and not yet delivered. */
export interface PendingEvent {
  readonly id: string;
  /** The notification target's id (`configurationId`). */
  readonly targetId: string;
  readonly message: S3EventMessage;
}

/**
 * Event notifications on disk until their destination took them: S3 does not lose an event
 * it accepted, so one the process still had to deliver when it died is delivered at the next
 * start. One file per event, written atomically (temp file, rename) before the request that
 * caused it is answered, removed once delivered; names sort in the order they were written.
 */
export class EventOutbox {
  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<EventOutbox> {
    await mkdir(dir, { recursive: true });
    return new EventOutbox(dir);
  }

  async add(targetId: string, message: S3EventMessage): Promise<PendingEvent> {
    const id = `${Date.now().toString().padStart(15, '0')}-${randomBytes(6).toString('hex')}`;
    const path = join(this.dir, `${id}.json`);
    await writeFile(`${path}.tmp`, JSON.stringify({ targetId, message }));
    await rename(`${path}.tmp`, path);
    return { id, targetId, message };
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
  }

  /** What is still to deliver, oldest first; a write cut off before its rename never happened. */
  async pending(): Promise<PendingEvent[]> {
    const events: PendingEvent[] = [];
    for (const file of (await readdir(this.dir)).sort()) {
      if (file.endsWith('.tmp')) await rm(join(this.dir, file), { force: true });
      if (!file.endsWith('.json')) continue;
      const saved = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as Omit<
        PendingEvent,
        'id'
      >;
      events.push({ id: file.slice(0, -'.json'.length), ...saved });
    }
    return events;
  }
}
