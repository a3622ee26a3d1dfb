/**
 * The Lambda runtime inside one container: a child process on the Lambda
 * Node (container-host.ts), or a worker thread. Bundled by esbuild like the
 * functions, so it loads plain JavaScript on any Node. Module scope survives
 * between invocations; the first one pays the init (import).
 */
import nodeModule from 'node:module';
import { getHeapStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { format } from 'node:util';
import { silenceSdkNodeVersionWarning } from '../node-version-warning';
import type {
  ContainerConfig,
  FromContainer,
  InitializedMessage,
  InvokeMessage,
  ResultMessage,
} from './invocation';
import { idleScheduling, lowerProcessPriority, lowerThreadPriority } from './thread-priority';

type Handler = (event: unknown, context: object) => Promise<unknown>;
/** A result as the handler side knows it; the envelope is added on reply. */
type Reply = ResultMessage extends infer R
  ? R extends unknown
    ? Omit<R, 'type' | 'requestId' | 'maxMemoryMb'>
    : never
  : never;

// A thread gets its config as workerData, a child process as its one argument.
const config = (parentPort ? workerData : JSON.parse(process.argv[2] ?? '{}')) as ContainerConfig;
const thread = parentPort;
const send: (message: FromContainer) => void = thread
  ? (message) => thread.postMessage(message)
  : (message) => process.send?.(message);
const onInvoke = (listener: (message: InvokeMessage) => void) =>
  thread ? thread.on('message', listener) : process.on('message', listener);
if (!thread) {
  if (!process.send) throw new Error('lambda-runtime runs in a worker thread or a forked process');
  // The in-process cache of `npm run dev` replays its writes in the other containers through
  // the pool (functions/adapters/cache/memory-store.ts); threads share a BroadcastChannel.
  const toPool = process.send.bind(process);
  (globalThis as Record<symbol, unknown>)[Symbol.for('posts-api.local-cache-relay')] = (
    message: unknown,
  ) => toPool(message as FromContainer);
  // The pool is gone (its process ended): so is the container.
  process.on('disconnect', () => process.exit(0));
}
// The environment as a plain object, read as the real one is (the same names and values):
// Powertools reads it on every access to its invocation-scoped stores (whether
// AWS_LAMBDA_MAX_CONCURRENCY is set, dozens of times per invocation), and each read of
// Node's process.env calls getenv, a scan of the whole environment for a missing name.
// That was about a tenth of a cached GET's CPU in the container.
process.env = { ...process.env };
process.setSourceMapsEnabled(true);
silenceSdkNodeVersionWarning();
// A thread container lowers only its own thread (the others are the cloud's).
if (config.niceness !== undefined) {
  if (thread) lowerThreadPriority(config.niceness);
  else lowerProcessPriority(config.niceness);
}
if (config.idleScheduling) idleScheduling(thread ? 'thread' : 'process');

let handler: Handler | undefined;
let currentRequestId = '';
let maxHeap = 0;

/**
 * Everything the container writes (console, Powertools' own Console, EMF) is
 * collected and goes to the pool with the invocation's result, in the same
 * message: a cached GET writes a few lines, and a message per write (how a
 * worker's stdout or a pipe carries them) cost more CPU than the handler.
 * Output of a longer invocation, or between invocations, follows within
 * `OUTPUT_FLUSH_MS`.
 */
const OUTPUT_FLUSH_MS = 50;
let output = '';
// Armed by the first write after it last fired and left to fire (finding nothing, when a
// result took the output first): one timer per 50 ms of output, not two calls per invocation.
let flushTimer: NodeJS.Timeout | undefined;
function takeOutput(): string | undefined {
  const text = output;
  output = '';
  return text === '' ? undefined : text;
}
function capture(chunk: unknown, ...rest: unknown[]): boolean {
  output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString();
  flushTimer ??= setTimeout(() => {
    flushTimer = undefined;
    const text = takeOutput();
    if (text !== undefined) send({ type: 'output', text });
  }, OUTPUT_FLUSH_MS);
  const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
  if (callback) queueMicrotask(callback);
  return true;
}
process.stdout.write = capture as typeof process.stdout.write;
process.stderr.write = capture as typeof process.stderr.write;

// Like Lambda's Node runtime: console lines carry time, request id and level.
for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
] as const) {
  console[method] = (...args: unknown[]) => {
    process.stdout.write(
      `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}\n`,
    );
  };
}

/**
 * Max Memory Used: the largest heap seen, sampled at most every `MEMORY_SAMPLE_MS` (and at
 * the first invocation), so the figure may miss growth of the last 100 ms.
 * getHeapStatistics builds a whole statistics object: read at each of hundreds of
 * invocations a second, it was a cost of its own.
 */
const MEMORY_SAMPLE_MS = 100;
let memorySampledAt = -Infinity;
function memoryMb(): number {
  const now = performance.now();
  if (now - memorySampledAt >= MEMORY_SAMPLE_MS) {
    memorySampledAt = now;
    maxHeap = Math.max(maxHeap, getHeapStatistics().used_heap_size);
  }
  return Math.ceil(maxHeap / (1024 * 1024));
}

/** Node 22.1+; a thread container on an older host Node has neither, and compiles as before. */
const compileCache = nodeModule as {
  enableCompileCache?: (dir: string) => unknown;
  flushCompileCache?: () => void;
};

async function init(): Promise<{ handler: Handler; initMs: number }> {
  const started = performance.now();
  if (config.compileCache) compileCache.enableCompileCache?.(config.compileCache);
  const module = (await import(pathToFileURL(config.bundlePath).href)) as { handler?: unknown };
  // Node writes the cache when the process exits, and a container is killed, not exited.
  if (config.compileCache) compileCache.flushCompileCache?.();
  if (typeof module.handler !== 'function') {
    throw Object.assign(new Error(`${config.functionName}: the bundle exports no handler`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return { handler: module.handler as Handler, initMs: performance.now() - started };
}

onInvoke(async (message: InvokeMessage) => {
  // A child process also receives the cache writes the pools relay (memory-store.ts).
  if (message.type !== 'invoke') return;
  currentRequestId = message.requestId;
  let initMs: number | undefined;
  // The pool's clock for this invocation: from its dispatch when warm; when cold, from the
  // end of the init (or from the init limit, when the init overran it).
  let deadline = message.deadline;
  const reply = (result: Reply) =>
    send({
      type: 'result',
      requestId: message.requestId,
      maxMemoryMb: memoryMb(),
      initMs,
      output: takeOutput(),
      ...result,
    } as ResultMessage);
  if (!handler) {
    try {
      ({ handler, initMs } = await init());
      // The whole cold start, the process's own start included (seconds on a loaded host),
      // not only the import `initMs` times: the pool restarts the timeout at `initialized`.
      const dispatched = message.deadline - message.timeoutMs;
      deadline = Math.min(Date.now(), dispatched + message.initLimitMs) + message.timeoutMs;
      // The pool lets another container of this function start its init now.
      send({ type: 'initialized' } satisfies InitializedMessage);
    } catch (error) {
      const e = error as Error;
      reply({
        ok: false,
        errorType: e.name.startsWith('Runtime.') ? e.name : 'Runtime.ImportModuleError',
        errorMessage: e.message,
        stack: e.stack,
        fatal: true,
      });
      return;
    }
  }
  const context = {
    functionName: config.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${config.functionName}`,
    memoryLimitInMB: String(config.memoryMb),
    awsRequestId: message.requestId,
    logGroupName: `/aws/lambda/${config.functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    // The function's timeout starts after the init, as in Lambda, or at the init limit when
    // the init overran it (Lambda then retries the init under the function's timeout).
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const payload = await handler(message.event, context);
    reply({
      ok: true,
      // What Lambda returns is the payload as JSON: a process's channel serializes it so
      // already; a thread's structured clone would keep what JSON drops (undefined, Dates).
      payload:
        payload === undefined ? null : thread ? JSON.parse(JSON.stringify(payload)) : payload,
    });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ ok: false, errorType: e.name, errorMessage: e.message, stack: e.stack });
  }
});
