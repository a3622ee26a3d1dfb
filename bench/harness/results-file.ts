import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { machine } from './machine';

export const resultsDir = resolve('bench/results');
/** Scratch space (bundles, data); git-ignored. */
export const scratchDir = join(resultsDir, 'tmp');

/** Today as YYYY-MM-DD (UTC), the prefix of every result file. */
export function runDate(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Writes `bench/results/<date>-<name>.<ext>` and returns its path relative to the repository. */
export async function writeResult(name: string, content: string, ext = 'json'): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const path = join(resultsDir, `${runDate()}-${name}.${ext}`);
  await writeFile(path, content);
  return relative(process.cwd(), path);
}

export function resultJson(name: string, startedAt: Date, body: object): string {
  return `${JSON.stringify(
    {
      benchmark: name,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machine(),
      ...body,
    },
    null,
    2,
  )}\n`;
}
