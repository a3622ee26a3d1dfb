/**
 * The Lambda runtime inside one worker thread (one container). Bundled by
 * esbuild like the functions, so the thread loads plain JavaScript. Module
 * scope survives between invocations; the first one pays the init (import).
 */
import { getHeapStatistics } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { format } from 'node:util';
import { silenceSdkNodeVersionWarning } from '../node-version-warning';
import type {
  ContainerConfig,
  InitializedMessage,
  InvokeMessage,
  ResultMessage,
} from './invocation';
import { lowerThreadPriority } from './thread-priority';

type Handler = (event: unknown, context: object) => Promise<unknown>;
/** A result as the handler side knows it; the envelope is added on reply. */
type Reply = ResultMessage extends infer R
  ? R extends unknown
    ? Omit<R, 'type' | 'requestId' | 'maxMemoryMb'>
    : never
  : never;

const config = workerData as ContainerConfig;
const port = parentPort;
if (!port) throw new Error('lambda-runtime runs only in a worker thread');
process.setSourceMapsEnabled(true);
silenceSdkNodeVersionWarning();
if (config.niceness !== undefined) lowerThreadPriority(config.niceness);

let handler: Handler | undefined;
let currentRequestId = '';
let maxHeap = 0;

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

function memoryMb(): number {
  maxHeap = Math.max(maxHeap, getHeapStatistics().used_heap_size);
  return Math.ceil(maxHeap / (1024 * 1024));
}

async function init(): Promise<{ handler: Handler; initMs: number }> {
  const started = performance.now();
  const module = (await import(pathToFileURL(config.bundlePath).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw Object.assign(new Error(`${config.functionName}: the bundle exports no handler`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return { handler: module.handler as Handler, initMs: performance.now() - started };
}

port.on('message', async (message: InvokeMessage) => {
  currentRequestId = message.requestId;
  let initMs: number | undefined;
  const reply = (result: Reply) =>
    port.postMessage({
      type: 'result',
      requestId: message.requestId,
      maxMemoryMb: memoryMb(),
      initMs,
      ...result,
    });
  if (!handler) {
    try {
      ({ handler, initMs } = await init());
      // The pool lets another container of this function start its init now.
      port.postMessage({ type: 'initialized' } satisfies InitializedMessage);
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
    getRemainingTimeInMillis: () =>
      Math.max(0, message.deadline + Math.min(initMs ?? 0, message.initLimitMs) - Date.now()),
  };
  try {
    const payload = await handler(message.event, context);
    reply({
      ok: true,
      payload: payload === undefined ? null : JSON.parse(JSON.stringify(payload)),
    });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply({ ok: false, errorType: e.name, errorMessage: e.message, stack: e.stack });
  }
});
