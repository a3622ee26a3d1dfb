import { mkdtemp, rm } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundling } from '../../lib/bundling';
import { functions } from '../../lib/description';
import { LambdaPool } from '../../local/lambda/lambda-pool';

/** A container's thread can run nice, so a CPU-bound worker gives way to the API. */
const linux = process.platform === 'linux';
let dir: string;
const pools: LambdaPool[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'thread-priority-'));
  const options = {
    bundle: true,
    format: bundling.format,
    platform: bundling.platform,
    target: 'node20',
    banner: { js: bundling.banner },
    logLevel: 'silent',
  } as const;
  await esbuild.build({
    ...options,
    entryPoints: [resolve('local/lambda/lambda-runtime.ts')],
    outfile: join(dir, 'runtime.mjs'),
  });
  // The handler reports the nice value of the thread it runs on.
  await esbuild.build({
    ...options,
    stdin: {
      contents: `import { readlinkSync } from 'node:fs';
        import { getPriority } from 'node:os';
        export const handler = async () =>
          getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()));`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: join(dir, 'handler.mjs'),
  });
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await rm(dir, { recursive: true, force: true });
});

function pool(niceness?: number): LambdaPool {
  const created = new LambdaPool({
    name: 'getPost',
    spec: functions.getPost,
    runtimePath: join(dir, 'runtime.mjs'),
    bundlePath: join(dir, 'handler.mjs'),
    environment: {},
    concurrency: 1,
    idleReclaimMs: 60_000,
    ...(niceness === undefined ? {} : { niceness }),
  });
  pools.push(created);
  return created;
}

if (!linux) {
  console.warn(
    `container thread priority tests skipped: they need Linux (per-thread niceness), this is ${process.platform}`,
  );
}

describe.skipIf(!linux)('container thread priority (Linux)', () => {
  it('runs a container at the pool niceness, and the rest of the process as it was', async () => {
    const before = getPriority();
    const report = await pool(19).invoke({});
    expect(report.outcome).toEqual({ ok: true, payload: 19 });
    expect(getPriority()).toBe(before);
  });

  it('leaves a container at normal priority without one', async () => {
    const report = await pool().invoke({});
    expect(report.outcome).toEqual({ ok: true, payload: getPriority() });
  });
});
