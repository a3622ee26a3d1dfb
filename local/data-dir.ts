import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalService } from './service';

/**
 * Where the local cloud keeps its state (tables, queues, keys, bundles):
 * `.local/` in the repository, git-ignored, so a restart loses nothing.
 */
export async function dataDir(base = process.env.LOCAL_DATA_DIR ?? '.local'): Promise<string> {
  const dir = resolve(base);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function subDir(base: string, name: string): Promise<string> {
  const dir = join(base, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

export interface DataFolder {
  readonly path: string;
  /** Kept across restarts; otherwise a temporary folder, removed when the cloud closes. */
  readonly persistent: boolean;
}

/** The local cloud's state: `dir` kept on disk, or, without it, a temporary folder (tests). */
export function dataFolderService(dir?: string): LocalService<DataFolder> {
  let temporary: string | undefined;
  return {
    name: 'data folder',
    async start() {
      if (dir !== undefined) return { path: await dataDir(dir), persistent: true };
      temporary = await mkdtemp(join(tmpdir(), 'posts-api-'));
      return { path: temporary, persistent: false };
    },
    async close() {
      if (temporary) await rm(temporary, { recursive: true, force: true });
      temporary = undefined;
    },
  };
}
