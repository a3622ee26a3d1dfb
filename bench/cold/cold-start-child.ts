/**
 * One cold start, in a fresh Node process: load a function's bundle (its
 * init: SDK clients, middleware, Powertools) and serve one first invocation
 * with a Lambda-like context, then report the timings on fd 3 and exit.
 *   node cold-start-child.mjs <bundle.mjs> [<event json>]
 */
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

type Handler = (event: unknown, context: object) => Promise<{ statusCode?: number } | undefined>;

// Since the process started (performance's time origin): Node's own boot.
const bootMs = performance.now();
const [bundlePath, eventJson] = process.argv.slice(2);
if (!bundlePath) throw new Error('usage: cold-start-child <bundle.mjs> [<event json>]');

const initStarted = performance.now();
const { handler } = (await import(pathToFileURL(bundlePath).href)) as { handler: Handler };
const initMs = performance.now() - initStarted;

let firstInvocationMs: number | undefined;
let status: number | undefined;
if (eventJson) {
  const name = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'bench';
  const deadline = Date.now() + 6_000;
  const context = {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  const invoked = performance.now();
  const result = await handler(JSON.parse(eventJson), context);
  firstInvocationMs = performance.now() - invoked;
  status = result?.statusCode;
}

const { user, system } = process.cpuUsage();
writeSync(
  3,
  JSON.stringify({
    bootMs,
    initMs,
    firstInvocationMs,
    status,
    sinceStartMs: performance.now(),
    // CPU time of the whole process so far: what a busy machine cannot inflate.
    cpuMs: (user + system) / 1000,
  }),
);
// Keep-alive sockets would hold the process open; Lambda freezes it instead.
process.exit(0);
