import { randomUUID } from 'node:crypto';
import type { FunctionSpec } from '../../lib/description';
import type { AccountConcurrency } from './account-concurrency';
import {
  startContainer,
  type ContainerHost,
  type ContainerKind,
  type Crash,
} from './container-host';
import type { ContainerConfig, InvokeMessage, InvokeOutcome, ResultMessage } from './invocation';
import type { LambdaEvents } from './lambda-events';
import { lambdaNode, lambdaNodeNotice } from './lambda-node';
import { reportRecord } from './report-line';

export interface PoolOptions {
  readonly name: string;
  readonly spec: FunctionSpec;
  /** The worker-side runtime script and the function's bundle. */
  readonly runtimePath: string;
  readonly bundlePath: string;
  /** Exactly the variables the function sees: nothing leaks in from the host. */
  readonly environment: Readonly<Record<string, string>>;
  /**
   * The function's reserved concurrency: invocations that may run at once. Without it,
   * `unreserved` bounds them, shared with every other function without a reservation.
   */
  readonly concurrency?: number;
  readonly unreserved?: AccountConcurrency;
  readonly idleReclaimMs: number;
  /**
   * Where the pool tells what happens: invocations, their reports, every line a container
   * writes, throttles. Without it, nothing is told.
   */
  readonly events?: LambdaEvents;
  /** Run containers at this nice value (CPU-bound workers), so they give way to the API. */
  readonly niceness?: number;
  /**
   * Run containers in Linux's SCHED_IDLE class as well (queue workers): only on cores nothing
   * else wants (thread-priority.ts, `idleScheduling`). Where it cannot, `niceness` alone.
   */
  readonly idleScheduling?: boolean;
  /**
   * Run the function's scale-out containers at this nice value: every container started while
   * one at the pool's own priority (`niceness`) is live. A burst that scales one function out
   * then shares the machine's cores as about one container, not as one per concurrent
   * invocation, where Lambda would give each its own host (docs/local-runtime.md, "CPU isolation").
   */
  readonly scaleOutNiceness?: number;
  /** A folder for V8's compile cache of the bundle (see `LocalCloudOptions.compileCache`). */
  readonly compileCache?: string;
  /**
   * What a container is: a child process on the Lambda Node (`lambdaNode()`, Node 24 as
   * `nodejs24.x`), the default; or a worker thread of this Node (lighter, not Lambda's Node).
   */
  readonly containers?: ContainerKind;
}

export interface InvokeReport {
  readonly requestId: string;
  readonly durationMs: number;
  readonly initMs?: number;
  readonly maxMemoryMb: number;
  readonly outcome: InvokeOutcome;
}

/** Containers of one function importing their bundle at once (see `containerOrRoom`). */
const MAX_INITS = 2;

/** Lambda's limit on a container's init phase, outside the function's timeout. */
const INIT_LIMIT_MS = 10_000;

/** Weight of the newest sample in the pool's running estimates of init and invocation times. */
const ESTIMATE_WEIGHT = 0.2;

/** How many times a waiter's patience is renewed while freed containers keep coming. */
const MAX_RENEWALS = 2;

/**
 * An invocation that found no idle container: `take` hands it a container freed by another
 * invocation, or undefined for room to start one. Until `patientUntil` it would rather have
 * a freed container than room (see `containerOrRoom`).
 */
interface Waiter {
  readonly take: (container: Container | undefined) => void;
  patientUntil: number;
  /** Times its patience was renewed (see `patienceRanOut`). */
  renewed: number;
  timer?: NodeJS.Timeout;
}

interface Container {
  readonly host: ContainerHost;
  readonly generation: number;
  lastUsed: number;
  /** Importing its bundle (the init of a cold start). */
  initializing: boolean;
  /** When its process or thread was started (performance.now()). */
  readonly startedAt: number;
  /** Its nice value (undefined: the cloud's own). */
  readonly niceness: number | undefined;
  onInitialized?: () => void;
  pending?: (result: ResultMessage | Crash) => void;
}

/**
 * One function's containers, child processes on the Lambda Node (or worker threads,
 * `containers`): module scope survives, the first invocation is a cold start. The
 * timeout ends the container (as Lambda ends the sandbox), memory bounds its heap,
 * concurrency bounds the pool and invocations beyond it are throttled.
 */
export class LambdaPool {
  private readonly idle: Container[] = [];
  private readonly busy = new Set<Container>();
  private generation = 0;
  private closed = false;
  /** Invocations admitted under reserved concurrency and not yet over. */
  private admitted = 0;
  /** Containers importing their bundle now. */
  private initializing = 0;
  /** Invocations waiting for a container: one freed, or room to start one. */
  private readonly waiting: Waiter[] = [];
  /**
   * Running estimates (ms): how long a new container takes from its start to the end of its
   * init, and how long an invocation holds a container. Undefined until first seen.
   */
  private coldStartMs: number | undefined;
  private invocationMs: number | undefined;
  /** When a freed container last went to a waiting invocation (performance.now()). */
  private lastHandOff = Number.NEGATIVE_INFINITY;
  private readonly reaper: NodeJS.Timeout;
  /** The latest invocations' reports, oldest first: at least the last 1000 (at most 2000). */
  readonly reports: InvokeReport[] = [];

  constructor(private readonly options: PoolOptions) {
    this.reaper = setInterval(() => this.reclaimIdle(), Math.min(options.idleReclaimMs, 30_000));
    this.reaper.unref();
    if ((options.containers ?? 'process') === 'process') {
      const notice = lambdaNodeNotice();
      if (notice) process.stderr.write(`${notice}\n`);
    }
  }

  /** Containers running an invocation now (Lambda's ConcurrentExecutions). */
  get running(): number {
    return this.busy.size;
  }

  get containers(): number {
    return this.idle.length + this.busy.size;
  }

  async invoke(event: unknown, requestId: string = randomUUID()): Promise<InvokeReport> {
    const { name, spec } = this.options;
    if (!this.admit()) {
      // No container ran, so no START/END/REPORT: only the Throttles metric sees it.
      this.options.events?.throttle(name, requestId);
      return this.record({
        requestId,
        durationMs: 0,
        maxMemoryMb: 0,
        outcome: {
          ok: false,
          errorType: 'TooManyRequestsException',
          errorMessage: 'Rate Exceeded.',
          throttled: true,
        },
      });
    }
    // Lambda scales out one container per concurrent invocation and reuses warm ones.
    const reused = this.takeIdle() ?? (await this.containerOrRoom());
    if (this.closed) {
      this.endAdmission();
      return this.record({
        requestId,
        durationMs: 0,
        maxMemoryMb: 0,
        outcome: { ok: false, errorType: 'Runtime.ExitError', errorMessage: 'Stopping.' },
      });
    }
    const container = reused ?? this.spawn();
    this.busy.add(container);
    // Lambda's Duration, like its timeout, starts after a cold start's init (reported apart,
    // as Init Duration): reset below when the init ends, or at its limit when it overran.
    let started = performance.now();
    const timeoutMs = spec.timeoutSeconds * 1000;
    this.options.events?.invoke(name, requestId);
    const message: InvokeMessage = {
      type: 'invoke',
      requestId,
      event,
      deadline: Date.now() + timeoutMs,
      timeoutMs,
      initLimitMs: INIT_LIMIT_MS,
    };
    let timer: NodeJS.Timeout | undefined;
    const result = await new Promise<ResultMessage | Crash | 'timeout'>((resolve) => {
      container.pending = resolve;
      // A new container's init has a limit of its own (Lambda's 10 s); the function's timeout
      // starts after it, so a machine slow to import the bundle does not time out every cold start.
      // An init past the limit is retried by Lambda at the invocation, under the function's
      // timeout: here it goes on, with the timeout running from the limit.
      let initOverran = false;
      timer = reused
        ? setTimeout(resolve, timeoutMs, 'timeout')
        : setTimeout(() => {
            initOverran = true;
            started = performance.now();
            timer = setTimeout(resolve, timeoutMs, 'timeout');
          }, INIT_LIMIT_MS);
      container.onInitialized = () => {
        if (initOverran) return;
        clearTimeout(timer);
        started = performance.now();
        timer = setTimeout(resolve, timeoutMs, 'timeout');
      };
      container.host.send(message);
    });
    clearTimeout(timer);
    container.pending = undefined;
    container.onInitialized = undefined;
    this.busy.delete(container);
    this.endAdmission();
    const durationMs = performance.now() - started;
    this.invocationMs = estimate(this.invocationMs, durationMs);
    if (result !== 'timeout' && !('crashed' in result) && !result.ok) {
      // As Lambda's Node.js runtime logs an error the handler threw.
      this.options.events?.line(
        name,
        `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({
          errorType: result.errorType,
          errorMessage: result.errorMessage,
          stack: result.stack?.split('\n'),
        })}`,
      );
    }
    if (result === 'timeout') {
      this.options.events?.line(
        name,
        `${new Date().toISOString()} ${requestId} Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`,
      );
    }
    this.options.events?.end(name, requestId);

    if (result === 'timeout') {
      await this.retire(container);
      return this.report({
        requestId,
        durationMs,
        maxMemoryMb: 0,
        outcome: {
          ok: false,
          errorType: 'Sandbox.Timedout',
          errorMessage: `${requestId} Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`,
          timedOut: true,
        },
      });
    }
    if ('crashed' in result) {
      await this.retire(container);
      return this.report({
        requestId,
        durationMs,
        maxMemoryMb: spec.memoryMb,
        outcome: { ok: false, errorType: result.errorType, errorMessage: result.crashed },
      });
    }
    const fatal = !result.ok && result.fatal === true;
    if (fatal || container.generation !== this.generation) await this.retire(container);
    else {
      container.lastUsed = Date.now();
      const waiter = this.waiting.shift();
      if (waiter) {
        clearTimeout(waiter.timer);
        this.lastHandOff = performance.now();
        waiter.take(container);
      } else this.idle.push(container);
    }
    return this.report({
      requestId,
      durationMs,
      initMs: result.initMs,
      maxMemoryMb: result.maxMemoryMb,
      outcome: result.ok
        ? { ok: true, payload: result.payload }
        : { ok: false, errorType: result.errorType, errorMessage: result.errorMessage },
    });
  }

  /**
   * Kills one container in the middle of its invocation, as a Lambda sandbox that dies
   * (fault injection, `npm run chaos`): its invocation fails as a crash, as any crash does.
   * False when no invocation is running.
   */
  crashRunning(): boolean {
    const [container] = this.busy;
    if (!container) return false;
    void container.host.kill();
    return true;
  }

  /**
   * A container for an invocation that found none idle: undefined to start a new one now;
   * or a promise of whichever comes first, a container freed by another invocation or room
   * to start one. Lambda starts a new execution environment for every concurrent invocation,
   * on a host of its own; here every container shares the machine's cores, and a cold start
   * (a Node process booting and importing its bundle, hundreds of ms of CPU) takes them from
   * every warm container and from the gateway. Two local choices (docs/local-runtime.md):
   * - at most `MAX_INITS` of one function import their bundle at once (one machine importing
   *   dozens at once answered none for seconds: a burst at start-up timed them all out);
   * - an invocation waits for a busy warm container when, by the pool's running estimates,
   *   one is freed for it sooner than a new container would finish its init, and starts one
   *   when it has waited that long (unless the queue is still moving, `patienceRanOut`). A burst of short invocations (a flood's admitted
   *   requests) is then served by the warm containers, as fast as cold starts would have
   *   served it, without the cold starts' CPU; invocations that hold their containers long
   *   still get one container each, as on Lambda.
   */
  private containerOrRoom(): Promise<Container | undefined> | undefined {
    const patienceMs = this.patienceMs();
    if (this.initializing < MAX_INITS && patienceMs === 0) return undefined;
    return new Promise((take) => {
      const waiter: Waiter = { take, patientUntil: performance.now() + patienceMs, renewed: 0 };
      this.waiting.push(waiter);
      if (patienceMs > 0) this.waitFor(waiter, patienceMs);
    });
  }

  /**
   * How long a new waiter would rather wait for a warm container than start one: the cold
   * start it would save, if the warm containers busy now free one for it sooner than that
   * (each frees one per invocation time, the waiters ahead served first); else 0.
   */
  private patienceMs(): number {
    return this.freedSoonerThanColdStart(this.waiting.length + 1) ? (this.coldStartMs ?? 0) : 0;
  }

  /**
   * Whether, by the running estimates, the warm containers busy now free one for the
   * `place`-th waiter (each frees one per invocation time, the waiters ahead served first)
   * sooner than a new container would finish its init.
   */
  private freedSoonerThanColdStart(place: number): boolean {
    const { coldStartMs, invocationMs } = this;
    if (coldStartMs === undefined || invocationMs === undefined) return false;
    let warmBusy = 0;
    for (const container of this.busy) if (!container.initializing) warmBusy += 1;
    return warmBusy > 0 && Math.ceil(place / warmBusy) * invocationMs < coldStartMs;
  }

  private waitFor(waiter: Waiter, patienceMs: number): void {
    waiter.patientUntil = performance.now() + patienceMs;
    waiter.timer = setTimeout(() => this.patienceRanOut(waiter), patienceMs + 1);
  }

  /**
   * A waiter waited a cold start's time. If freed containers are still going to the waiters
   * ahead of it (one within the last invocation time) and, by the estimates as they are now,
   * one comes to it sooner than a cold start would end, it waits again (at most
   * `MAX_RENEWALS` times): a flood's first requests can hold their containers longer than
   * the ones the estimate was made from, and a queue that moves is served without a cold
   * start. Else it takes room to start a container as soon as there is some.
   */
  private patienceRanOut(waiter: Waiter): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    const { coldStartMs, invocationMs } = this;
    const moving =
      invocationMs !== undefined && performance.now() - this.lastHandOff <= invocationMs;
    if (
      moving &&
      coldStartMs !== undefined &&
      waiter.renewed < MAX_RENEWALS &&
      this.freedSoonerThanColdStart(index + 1)
    ) {
      waiter.renewed += 1;
      return this.waitFor(waiter, coldStartMs);
    }
    this.offerRoom();
  }

  /**
   * Room to start a container goes to the first waiter that no longer prefers a freed
   * container (one whose patience ran out, or that never had any).
   */
  private offerRoom(): void {
    if (this.closed) return;
    if (this.initializing >= MAX_INITS) return;
    const now = performance.now();
    const index = this.waiting.findIndex((w) => w.patientUntil <= now);
    if (index < 0) return;
    const [waiter] = this.waiting.splice(index, 1);
    clearTimeout(waiter?.timer);
    waiter?.take(undefined);
  }

  /** An init ended (or a container went): a waiting invocation may start a container. */
  private initEnded(container: Container): void {
    if (!container.initializing) return;
    container.initializing = false;
    this.initializing -= 1;
    this.coldStartMs = estimate(this.coldStartMs, performance.now() - container.startedAt);
    this.offerRoom();
  }

  private endAdmission(): void {
    if (this.options.concurrency === undefined) this.options.unreserved?.release();
    else this.admitted -= 1;
  }

  /** Whether an invocation may run now; false is Lambda's throttle. */
  private admit(): boolean {
    const { concurrency, unreserved } = this.options;
    if (concurrency !== undefined) {
      // Counted here, not by busy containers: an admitted invocation may still wait for one.
      if (this.admitted >= concurrency) return false;
      this.admitted += 1;
      return true;
    }
    return unreserved ? unreserved.tryAcquire() : true;
  }

  /** New code: idle containers go now, busy ones after their invocation. */
  reload(): void {
    this.generation += 1;
    for (const container of this.idle.splice(0)) void container.host.kill();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    // Invocations waiting for a container end now (they start none).
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.take(undefined);
    }
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((c) => c.host.kill()));
  }

  /**
   * The idle container used last, among those at the pool's own priority when there is one:
   * a scale-out container (lower priority) serves only while that one is busy.
   */
  private takeIdle(): Container | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      if (this.idle[i]?.niceness === this.options.niceness) return this.idle.splice(i, 1)[0];
    }
    return this.idle.pop();
  }

  /** Whether a live container (idle or busy) runs at this nice value. */
  private hasContainerAt(niceness: number | undefined): boolean {
    if (this.idle.some((c) => c.niceness === niceness)) return true;
    for (const container of this.busy) if (container.niceness === niceness) return true;
    return false;
  }

  private spawn(): Container {
    const { name, spec, niceness: own, scaleOutNiceness } = this.options;
    const scaleOut = scaleOutNiceness !== undefined && this.hasContainerAt(own);
    const niceness = scaleOut ? Math.max(scaleOutNiceness, own ?? 0) : own;
    const config: ContainerConfig = {
      bundlePath: this.options.bundlePath,
      functionName: name,
      memoryMb: spec.memoryMb,
      niceness,
      idleScheduling: this.options.idleScheduling,
      compileCache: this.options.compileCache,
    };
    const kind = this.options.containers ?? 'process';
    // The container's events come after this method returns (the process or thread starts later).
    const host = startContainer(
      {
        kind,
        nodePath: kind === 'process' ? lambdaNode().path : process.execPath,
        runtimePath: this.options.runtimePath,
        config,
        environment: this.options.environment,
      },
      {
        onLine: (line) => this.options.events?.line(name, line),
        onMessage: (message) => {
          if (message.type === 'initialized') {
            container.onInitialized?.();
            return this.initEnded(container);
          }
          this.initEnded(container);
          container.pending?.(message);
        },
        onCrash: (crash) => container.pending?.(crash),
      },
    );
    const container: Container = {
      host,
      generation: this.generation,
      lastUsed: Date.now(),
      initializing: true,
      startedAt: performance.now(),
      niceness,
    };
    this.initializing += 1;
    return container;
  }

  private async retire(container: Container): Promise<void> {
    this.initEnded(container);
    // One container fewer: a waiting invocation may start one.
    this.offerRoom();
    const index = this.idle.indexOf(container);
    if (index >= 0) this.idle.splice(index, 1);
    this.busy.delete(container);
    await container.host.kill();
  }

  private reclaimIdle(): void {
    const cutoff = Date.now() - this.options.idleReclaimMs;
    for (const container of [...this.idle]) {
      if (container.lastUsed < cutoff) void this.retire(container);
    }
  }

  private report(report: InvokeReport): InvokeReport {
    this.options.events?.report(
      this.options.name,
      reportRecord(report, this.options.spec.memoryMb),
    );
    return this.record(report);
  }

  private record(report: InvokeReport): InvokeReport {
    this.reports.push(report);
    // Trimmed by a thousand at a time: dropping the oldest at every invocation moved the
    // whole array each time.
    if (this.reports.length > 2000) this.reports.splice(0, this.reports.length - 1000);
    return report;
  }
}

/** A running estimate, moved towards each new sample by `ESTIMATE_WEIGHT`. */
function estimate(current: number | undefined, sample: number): number {
  return current === undefined ? sample : current + ESTIMATE_WEIGHT * (sample - current);
}
