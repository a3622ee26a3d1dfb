import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { ContainerConfig, FromContainer, InvokeMessage } from './invocation';

/**
 * What a container runs in: a child process on the Lambda Node (lambda-node.ts), as
 * Lambda runs each sandbox on its own runtime, or a worker thread of the cloud's own Node.
 */
export type ContainerKind = 'process' | 'thread';

/** The container ended under an invocation: Lambda's runtime exited. */
export interface Crash {
  readonly crashed: string;
  readonly errorType: string;
}

export interface ContainerSpec {
  readonly kind: ContainerKind;
  /** The Node binary of a `process` container. */
  readonly nodePath: string;
  readonly runtimePath: string;
  readonly config: ContainerConfig;
  /** Exactly the variables the function sees. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface ContainerEvents {
  /** A result or the end of an init; what the container wrote came before it through `onLine`. */
  onMessage(message: Exclude<FromContainer, { type: 'output' | 'broadcast' }>): void;
  /** A line the container wrote. */
  onLine(line: string): void;
  onCrash(crash: Crash): void;
}

export interface ContainerHost {
  send(message: InvokeMessage): void;
  /** Ends the container at once (a timeout, a reload, a crash injected by chaos). */
  kill(): Promise<void>;
}

const OUT_OF_MEMORY: Crash = {
  crashed: 'Runtime exited with error: signal: killed',
  errorType: 'Runtime.OutOfMemory',
};

export function startContainer(spec: ContainerSpec, events: ContainerEvents): ContainerHost {
  // What the runtime sends as text is split into lines here; a partial line waits for its end.
  let partial = '';
  const text = (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) events.onLine(line);
  };
  const onMessage = (message: FromContainer) => {
    if (message.type === 'output') return text(message.text);
    if (message.type === 'broadcast') return;
    if (message.type === 'result' && message.output !== undefined) text(message.output);
    events.onMessage(message);
  };
  const readLines = (stream: Readable | null) => {
    if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', events.onLine);
  };
  return spec.kind === 'process'
    ? processContainer(spec, events, onMessage, readLines)
    : threadContainer(spec, events, onMessage, readLines);
}

/** The live container processes, to which a cache write is relayed. */
const cacheListeners = new Set<ChildProcess>();

function processContainer(
  spec: ContainerSpec,
  events: ContainerEvents,
  onMessage: (message: FromContainer) => void,
  readLines: (stream: Readable | null) => void,
): ContainerHost {
  const child = fork(spec.runtimePath, [JSON.stringify(spec.config)], {
    execPath: spec.nodePath,
    // Lambda's memory setting bounds the heap of the container.
    execArgv: [`--max-old-space-size=${spec.config.memoryMb}`],
    env: { ...spec.environment },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // JSON, not V8's serializer: the two ends may run different Node (V8) versions.
    serialization: 'json',
  });
  let outOfMemory = false;
  readLines(child.stdout);
  if (child.stderr) {
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
      // V8's last words before it aborts a process that outgrew its heap.
      if (/JavaScript heap out of memory/.test(line)) outOfMemory = true;
      events.onLine(line);
    });
  }
  // Every container process of this Node process hears the others' cache writes, in order,
  // before any answer the writer sends after them: an invalidation by deletePost reaches
  // getPost's container before the caller has the 204.
  cacheListeners.add(child);
  child.once('exit', () => cacheListeners.delete(child));
  child.on('message', (message: FromContainer) => {
    if (message.type !== 'broadcast') return onMessage(message);
    for (const other of cacheListeners) {
      if (other !== child && other.connected) other.send(message);
    }
  });
  child.on('error', (error) =>
    events.onCrash({ crashed: `${error.name}: ${error.message}`, errorType: 'Runtime.ExitError' }),
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      resolve();
      events.onCrash(
        outOfMemory
          ? OUT_OF_MEMORY
          : {
              crashed: `Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
              errorType: 'Runtime.ExitError',
            },
      );
    }),
  );
  return {
    send: (message) => child.send(message),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

function threadContainer(
  spec: ContainerSpec,
  events: ContainerEvents,
  onMessage: (message: FromContainer) => void,
  readLines: (stream: Readable | null) => void,
): ContainerHost {
  const worker = new Worker(spec.runtimePath, {
    workerData: spec.config,
    // The bundles are plain JavaScript: no loader hooks of the host (tsx) in the container.
    execArgv: [],
    env: { ...spec.environment },
    stdout: true,
    stderr: true,
    // Lambda's memory setting bounds the heap of the container.
    resourceLimits: { maxOldGenerationSizeMb: spec.config.memoryMb },
  });
  readLines(worker.stdout);
  readLines(worker.stderr);
  worker.on('message', onMessage);
  worker.on('error', (error: Error & { code?: string }) =>
    events.onCrash(
      // Lambda kills a sandbox that outgrows its memory size.
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? OUT_OF_MEMORY
        : { crashed: `${error.name}: ${error.message}`, errorType: 'Runtime.ExitError' },
    ),
  );
  worker.on('exit', (code) =>
    events.onCrash({
      crashed: `Runtime exited with error: exit status ${code}`,
      errorType: 'Runtime.ExitError',
    }),
  );
  return {
    send: (message) => worker.postMessage(message),
    kill: async () => {
      await worker.terminate();
    },
  };
}
