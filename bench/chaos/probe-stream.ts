import type { FaultName } from './faults';
import type { TrafficOp } from './traffic';

/**
 * What each fault's probes send: the operations that reach what the fault breaks (the
 * table, the queues, the cache, the partner, the workers, or everything).
 */
export const probeOps: Readonly<Record<FaultName, readonly TrafficOp[]>> = {
  'dynamodb-stopped': ['create', 'readPost', 'readJob', 'analyze'],
  'sqs-stopped': ['create', 'analyze', 'upload'],
  // Reads are what the cache serves; a create only adds jobs for the busy workers.
  'cache-down': ['readPost', 'readPost', 'partner'],
  'cache-slow': ['readPost', 'readPost', 'partner'],
  'partner-failing': ['partner', 'readPost'],
  'partner-hanging': ['partner', 'readPost'],
  'worker-killed': ['analyze', 'create'],
  'cloud-sigkill': ['create', 'readPost', 'analyze', 'partner'],
};

export interface ProbeStream {
  /** Starts no more probes; those started go on with their own retries. */
  stop(): void;
}

/**
 * A fault window's own traffic: a new request every `intervalMs` while the fault is held,
 * whatever the steady clients are doing. The steady loops wait out each Retry-After and
 * backoff of the fault before, so on their own they can send nothing while the next one is
 * held; each probe is a fresh client's request instead, still a well-behaved one (its own
 * retries honour Retry-After). At most `maxInFlight` at a time: beyond, a tick sends nothing.
 * `send` keeps what the probes promise (the run awaits them before its audit).
 */
export function startProbeStream(options: {
  readonly send: (op: TrafficOp) => Promise<void>;
  readonly ops: readonly TrafficOp[];
  readonly intervalMs: number;
  readonly maxInFlight: number;
}): ProbeStream {
  let inFlight = 0;
  let next = 0;
  const tick = (): void => {
    const op = options.ops[next % options.ops.length];
    if (inFlight >= options.maxInFlight || !op) return;
    next += 1;
    inFlight += 1;
    void options.send(op).finally(() => (inFlight -= 1));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs);
  return { stop: () => clearInterval(timer) };
}
