import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

/** Quiet time after the last change before a rebuild: an editor's save is several events. */
const SETTLE_MS = 50;

/**
 * Watches the folders of a bundle's source files with the file system's own
 * notifications (`fs.watch`: inotify, FSEvents), and calls `onChange` once
 * the changes settle. esbuild's own watch mode polls every input instead,
 * the AWS SDK's thousands of files in node_modules included: about 0.2 s of
 * CPU per second on this machine with the cloud idle, which `npm run dev`
 * paid all day and the load benchmark counted against every GET.
 *
 * Packages are not watched file by file: an `npm install` rewrites
 * `node_modules/.package-lock.json`, and that is the change seen.
 */
export class SourceWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly onChange: () => void,
    private readonly root: string = process.cwd(),
  ) {}

  /** Watches the folders of these inputs (paths from esbuild's metafile), and only those. */
  watchInputs(inputs: Iterable<string>): void {
    if (this.closed) return;
    const folders = new Set<string>([join(this.root, 'node_modules')]);
    for (const input of inputs) {
      const path = resolve(this.root, input);
      if (!path.split(sep).includes('node_modules')) folders.add(dirname(path));
    }
    for (const [folder, watcher] of this.watchers) {
      if (!folders.has(folder)) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (this.watchers.has(folder)) continue;
      const packages = basename(folder) === 'node_modules';
      try {
        const watcher = watch(folder, { persistent: false }, (_event, file) => {
          if (packages && file !== '.package-lock.json') return;
          this.changed();
        });
        // A folder removed while watched: the next build's inputs say what to watch.
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(folder);
        });
        this.watchers.set(folder, watcher);
      } catch {
        // A folder that does not exist (no node_modules beside a fixture): nothing to watch.
      }
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.closed) this.onChange();
    }, SETTLE_MS);
  }
}
