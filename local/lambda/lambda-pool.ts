import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../../lib/description';
import type { AccountConcurrency } from './account-concurrency';
import type {
  ContainerConfig,
  InitializedMessage,
  InvokeMessage,
  InvokeOutcome,
  ResultMessage,
} from './invocation';

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
  /** Every line a container writes (logs, EMF metrics, REPORT lines). */
  readonly onLine: (functionName: string, line: string) => void;
  /** Run containers at this nice value (CPU-bound workers), so they give way to the API. */
  readonly niceness?: number;
  /**
   * An invocation refused for want of a container (reserved concurrency reached).
   * Lambda logs nothing for it; it only counts it in the Throttles metric.
   */
  readonly onThrottle?: (functionName: string, requestId: string) => void;
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

interface Container {
  readonly worker: Worker;
  readonly generation: number;
  lastUsed: number;
  /** Importing its bundle (the init of a cold start). */
  initializing: boolean;
  onInitialized?: () => void;
  pending?: (result: ResultMessage | Crash) => void;
}

/** The thread ended under an invocation: Lambda's runtime exited. */
interface Crash {
  readonly crashed: string;
  readonly errorType: string;
}

/**
 * One function's containers, as worker threads. A thread is a container:
 * module scope survives, the first invocation is a cold start. The timeout
 * ends the thread (as Lambda ends the sandbox), memory bounds its heap,
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
  private readonly waiting: ((container: Container | undefined) => void)[] = [];
  private readonly reaper: NodeJS.Timeout;
  readonly reports: InvokeReport[] = [];

  constructor(private readonly options: PoolOptions) {
    this.reaper = setInterval(() => this.reclaimIdle(), Math.min(options.idleReclaimMs, 30_000));
    this.reaper.unref();
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
      this.options.onThrottle?.(name, requestId);
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
    const reused = this.idle.pop() ?? (await this.containerOrRoom());
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
    const started = performance.now();
    const timeoutMs = spec.timeoutSeconds * 1000;
    this.options.onLine(name, `START RequestId: ${requestId} Version: $LATEST`);
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
      const timeOut = () => resolve('timeout');
      // A new container's init has a limit of its own (Lambda's 10 s); the function's timeout
      // starts after it, so a machine slow to import the bundle does not time out every cold start.
      // An init past the limit is retried by Lambda at the invocation, under the function's
      // timeout: here it goes on, with the timeout running from the limit.
      let initOverran = false;
      timer = reused
        ? setTimeout(timeOut, timeoutMs)
        : setTimeout(() => {
            initOverran = true;
            timer = setTimeout(timeOut, timeoutMs);
          }, INIT_LIMIT_MS);
      container.onInitialized = () => {
        if (initOverran) return;
        clearTimeout(timer);
        timer = setTimeout(timeOut, timeoutMs);
      };
      container.worker.postMessage(message);
    });
    clearTimeout(timer);
    container.pending = undefined;
    container.onInitialized = undefined;
    this.busy.delete(container);
    this.endAdmission();
    const durationMs = performance.now() - started;
    if (result !== 'timeout' && !('crashed' in result) && !result.ok) {
      // As Lambda's Node.js runtime logs an error the handler threw.
      this.options.onLine(
        name,
        `${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify({
          errorType: result.errorType,
          errorMessage: result.errorMessage,
          stack: result.stack?.split('\n'),
        })}`,
      );
    }
    if (result === 'timeout') {
      this.options.onLine(
        name,
        `${new Date().toISOString()} ${requestId} Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`,
      );
    }
    this.options.onLine(name, `END RequestId: ${requestId}`);

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
      if (waiter) waiter(container);
      else this.idle.push(container);
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
    void container.worker.terminate();
    return true;
  }

  /**
   * A container for an invocation that found none idle: undefined to start a new one
   * now, unless `MAX_INITS` of this function are importing their bundle already; then
   * whichever comes first, a container freed or room to start one. Lambda starts every
   * container at once; one machine importing dozens of bundles at once would answer none
   * for seconds (a burst at start-up timed them all out).
   */
  private containerOrRoom(): Promise<Container | undefined> | undefined {
    if (this.initializing < MAX_INITS) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** An init ended (or a container went): a waiting invocation may start a container. */
  private initEnded(container: Container): void {
    if (!container.initializing) return;
    container.initializing = false;
    this.initializing -= 1;
    if (this.initializing < MAX_INITS) this.waiting.shift()?.(undefined);
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
    for (const container of this.idle.splice(0)) void container.worker.terminate();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.reaper);
    // Invocations waiting for a container end now (they start none).
    for (const waiter of this.waiting.splice(0)) waiter(undefined);
    const all = [...this.idle.splice(0), ...this.busy];
    this.busy.clear();
    await Promise.all(all.map((c) => c.worker.terminate()));
  }

  private spawn(): Container {
    const { name, spec } = this.options;
    const workerData: ContainerConfig = {
      bundlePath: this.options.bundlePath,
      functionName: name,
      memoryMb: spec.memoryMb,
      niceness: this.options.niceness,
    };
    const worker = new Worker(this.options.runtimePath, {
      workerData,
      // The bundles are plain JavaScript: no loader hooks of the host (tsx) in the container.
      execArgv: [],
      env: { ...this.options.environment },
      stdout: true,
      stderr: true,
      // Lambda's memory setting bounds the heap of the container.
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    const container: Container = {
      worker,
      generation: this.generation,
      lastUsed: Date.now(),
      initializing: true,
    };
    this.initializing += 1;
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) =>
        this.options.onLine(name, line),
      );
    }
    worker.on('message', (message: ResultMessage | InitializedMessage) => {
      if (message.type === 'initialized') {
        container.onInitialized?.();
        return this.initEnded(container);
      }
      this.initEnded(container);
      container.pending?.(message);
    });
    worker.on('error', (error: Error & { code?: string }) =>
      container.pending?.(
        // Lambda kills a sandbox that outgrows its memory size.
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? {
              crashed: 'Runtime exited with error: signal: killed',
              errorType: 'Runtime.OutOfMemory',
            }
          : { crashed: `${error.name}: ${error.message}`, errorType: 'Runtime.ExitError' },
      ),
    );
    worker.on('exit', (code) =>
      container.pending?.({
        crashed: `Runtime exited with error: exit status ${code}`,
        errorType: 'Runtime.ExitError',
      }),
    );
    return container;
  }

  private async retire(container: Container): Promise<void> {
    this.initEnded(container);
    // One container fewer: a waiting invocation may start one.
    if (this.initializing < MAX_INITS) this.waiting.shift()?.(undefined);
    const index = this.idle.indexOf(container);
    if (index >= 0) this.idle.splice(index, 1);
    this.busy.delete(container);
    await container.worker.terminate();
  }

  private reclaimIdle(): void {
    const cutoff = Date.now() - this.options.idleReclaimMs;
    for (const container of [...this.idle]) {
      if (container.lastUsed < cutoff) void this.retire(container);
    }
  }

  private report(report: InvokeReport): InvokeReport {
    this.options.onLine(this.options.name, reportLine(report, this.options.spec.memoryMb));
    return this.record(report);
  }

  private record(report: InvokeReport): InvokeReport {
    this.reports.push(report);
    if (this.reports.length > 1000) this.reports.splice(0, this.reports.length - 1000);
    return report;
  }
}

/**
 * Lambda's REPORT line. A failed invocation carries `Status: timeout`, or
 * `Status: error` with its error type (locally also for an error the handler
 * threw, so the dashboard can count Errors from these lines alone).
 */
export function reportLine(report: InvokeReport, memorySizeMb: number): string {
  const billed = Math.max(1, Math.ceil(report.durationMs));
  const fields = [
    `REPORT RequestId: ${report.requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${billed} ms`,
    `Memory Size: ${memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryMb} MB`,
  ];
  if (report.initMs !== undefined) fields.push(`Init Duration: ${report.initMs.toFixed(2)} ms`);
  const { outcome } = report;
  if (!outcome.ok) {
    if (outcome.timedOut) fields.push('Status: timeout');
    else fields.push('Status: error', `Error Type: ${outcome.errorType}`);
  }
  return fields.join('\t');
}
