import { mkdtemp, rm } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundling } from '../../lib/bundling';
import { functions } from '../../lib/description';
import { LambdaPool, type PoolOptions } from '../../local/lambda/lambda-pool';
import { chrtFound, SCHED_IDLE, SCHED_OTHER } from '../support/scheduling-class';

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
  // The handler reports the nice value of the thread it runs on and those of all its
  // process's threads, after holding its container for \`holdMs\` when asked.
  await esbuild.build({
    ...options,
    stdin: {
      contents: `import { readdirSync, readlinkSync } from 'node:fs';
        import { getPriority } from 'node:os';
        export const handler = async (event) => {
          if (event.holdMs) await new Promise((resolve) => setTimeout(resolve, event.holdMs));
          const tasks = readdirSync('/proc/self/task').map((tid) => getPriority(Number(tid)));
          return {
            thread: getPriority(Number(readlinkSync('/proc/thread-self').split('/').pop())),
            threads: [...new Set(tasks)],
          };
        };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: join(dir, 'handler.mjs'),
  });
  // This one reports the scheduling class (stat's 41st field; 5 is SCHED_IDLE) of the thread
  // it runs on and of every other thread of its process.
  await esbuild.build({
    ...options,
    stdin: {
      contents: `import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
        const policyOf = (path) => {
          const stat = readFileSync(path, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
        };
        export const handler = async () => {
          const own = readlinkSync('/proc/thread-self').split('/').pop();
          const others = readdirSync('/proc/self/task').filter((tid) => tid !== own);
          return {
            thread: policyOf('/proc/thread-self/stat'),
            others: [...new Set(others.map((tid) => policyOf(\`/proc/self/task/\${tid}/stat\`)))],
          };
        };`,
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: join(dir, 'policy.mjs'),
  });
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await rm(dir, { recursive: true, force: true });
});

function pool(
  niceness?: number,
  scaleOutNiceness?: number,
  more: Partial<PoolOptions> = {},
): LambdaPool {
  const created = new LambdaPool({
    name: 'getPost',
    spec: functions.getPost,
    runtimePath: join(dir, 'runtime.mjs'),
    bundlePath: join(dir, 'handler.mjs'),
    environment: {},
    concurrency: 2,
    idleReclaimMs: 60_000,
    ...(niceness === undefined ? {} : { niceness }),
    ...(scaleOutNiceness === undefined ? {} : { scaleOutNiceness }),
    ...more,
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
  it('runs a container at the pool niceness, every thread of it, and the rest of the process as it was', async () => {
    const before = getPriority();
    const report = await pool(19).invoke({});
    expect(report.outcome).toEqual({ ok: true, payload: { thread: 19, threads: [19] } });
    expect(getPriority()).toBe(before);
  });

  it('leaves a container at normal priority without one', async () => {
    const report = await pool().invoke({});
    const own = getPriority();
    expect(report.outcome).toEqual({ ok: true, payload: { thread: own, threads: [own] } });
  });

  it("runs a function's scale-out container at the lower priority, and serves from the first one while it is idle", async () => {
    const own = getPriority();
    const scaleOut = Math.max(10, own);
    const scaled = pool(undefined, 10);
    // Two at once: the second finds the first container busy and starts another.
    const [first, second] = await Promise.all([
      scaled.invoke({ holdMs: 300 }),
      scaled.invoke({ holdMs: 300 }),
    ]);
    const threads = [first, second].map((r) => r.outcome.ok && r.outcome.payload);
    expect(threads).toEqual(
      expect.arrayContaining([
        { thread: own, threads: [own] },
        { thread: scaleOut, threads: [scaleOut] },
      ]),
    );
    expect(scaled.containers).toBe(2);
    // Both idle now: a single invocation runs in the container at the pool's own priority.
    for (let i = 0; i < 3; i++) {
      const report = await scaled.invoke({});
      expect(report.outcome).toEqual({ ok: true, payload: { thread: own, threads: [own] } });
    }
  });
});

if (linux && !chrtFound) {
  console.warn(
    "the SCHED_IDLE tests skipped: util-linux's chrt is not in /usr/bin or /bin (the containers fall back to their nice value)",
  );
}

describe.skipIf(!chrtFound)('containers in SCHED_IDLE (Linux, chrt)', () => {
  /** The handler that reports its threads' scheduling classes. */
  const policyOf = () => ({ bundlePath: join(dir, 'policy.mjs') });

  it('moves every thread of a process container, and only with the option', async () => {
    const idle = pool(19, undefined, { ...policyOf(), idleScheduling: true });
    expect((await idle.invoke({})).outcome).toEqual({
      ok: true,
      payload: { thread: SCHED_IDLE, others: [SCHED_IDLE] },
    });
    const normal = pool(19, undefined, policyOf());
    expect((await normal.invoke({})).outcome).toEqual({
      ok: true,
      payload: { thread: SCHED_OTHER, others: [SCHED_OTHER] },
    });
  });

  it("moves a thread container's own thread only, not the process that hosts it", async () => {
    const idle = pool(19, undefined, { ...policyOf(), idleScheduling: true, containers: 'thread' });
    expect((await idle.invoke({})).outcome).toEqual({
      ok: true,
      payload: { thread: SCHED_IDLE, others: [SCHED_OTHER] },
    });
  });
});
