import { appendFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { LambdaPool } from '../../local/lambda/lambda-pool';

/**
 * A setup file for measuring, not testing: with `TEST_CONTAINER_LOG=<file>` (vitest.config.ts
 * adds it then), each test file appends one JSON line with the Lambda containers its local
 * clouds started (cold starts, about 0.17 s of CPU each), by function. It wraps the pools'
 * `spawn`, once per module cache: the files of a sharing project count from their own start.
 */
const log = process.env.TEST_CONTAINER_LOG;

interface Counted {
  spawn(this: { readonly options: { readonly name: string } }): unknown;
  countedSpawns?: Map<string, number>;
}

if (log) {
  const pool = LambdaPool.prototype as unknown as Counted;
  if (!pool.countedSpawns) {
    const spawn = pool.spawn;
    pool.spawn = function (this: { readonly options: { readonly name: string } }) {
      const counts = pool.countedSpawns;
      counts?.set(this.options.name, (counts.get(this.options.name) ?? 0) + 1);
      return spawn.call(this);
    };
  }
  const counts = new Map<string, number>();
  pool.countedSpawns = counts;
  // Vitest reads the first parameter as fixtures and wants a pattern; the file is the second.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, file) => {
    const containers = Object.fromEntries(counts);
    const line = {
      file: 'filepath' in file ? file.filepath : file.name,
      total: Object.values(containers).reduce((sum, n) => sum + n, 0),
      containers,
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
