import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

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
