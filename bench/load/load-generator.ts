import autocannon, { type AutocannonRequestSpec } from 'autocannon';
import { percentile } from '../harness/summary';

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  /** Requests per second over all connections (open loop); absent: as fast as they go. */
  readonly overallRate?: number;
  /** Absent: runs until `stop()`. */
  readonly durationSeconds?: number;
  /** Stops after this many requests instead (before the duration is over). */
  readonly amount?: number;
  readonly method?: 'GET' | 'POST';
  /** Paths taken in turn (e.g. one post id after another); `/` by default. */
  readonly paths?: readonly string[];
  readonly body?: string;
  /** Sent with every request: a content type, and (once writes need it) `authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Taken in turn, one a request, over `headers` and `body` (writes by one user after another). */
  readonly writers?: readonly {
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  }[];
  /** The `performance.now()` that sample times count from (several loads can share one). */
  readonly origin?: number;
}

export interface LatencySample {
  /** Seconds since the origin, when the response arrived. */
  readonly t: number;
  readonly ms: number;
  readonly status: number;
}

export interface LoadResult {
  readonly samples: readonly LatencySample[];
  /** Connection errors and timeouts (non-2xx answers are in the samples). */
  readonly connectionErrors: number;
  readonly seconds: number;
}

export interface LoadRun {
  stop(): void;
  readonly done: Promise<LoadResult>;
}

/**
 * Fixed concurrency with autocannon, for a fixed time or until stopped,
 * every response's latency and status recorded with the moment it arrived.
 */
export function startLoad(spec: LoadSpec): LoadRun {
  const origin = spec.origin ?? performance.now();
  const started = performance.now();
  const samples: LatencySample[] = [];
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    ...(spec.overallRate ? { overallRate: spec.overallRate } : {}),
    duration: spec.durationSeconds ?? 3_600,
    ...(spec.amount ? { amount: spec.amount } : {}),
    headers: { ...spec.headers },
    requests: requestsOf(spec),
    timeout: 30,
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    samples.push({ t: (performance.now() - origin) / 1000, ms, status });
  });
  const done = Promise.resolve(instance).then((result) => ({
    samples,
    connectionErrors: result.errors,
    seconds: (performance.now() - started) / 1000,
  }));
  return { stop: () => instance.stop(), done };
}

/**
 * The requests of a load. Reads are fixed requests, one a path, that each connection sends
 * in turn: autocannon renders each once and resends its bytes, where a `setupRequest`
 * builds the request anew every time (about 40% of the client's CPU per request, and the
 * client shares the two cores with the server it measures; the bare node:http server is
 * measured with the same client). Writes take the writers in turn over all connections
 * (one counter), since each user may write only so often (callerLimit).
 */
function requestsOf(spec: LoadSpec): AutocannonRequestSpec[] {
  const method = spec.method ?? 'GET';
  const paths = spec.paths ?? ['/'];
  const body = spec.body !== undefined ? { body: spec.body } : {};
  const { writers } = spec;
  if (!writers || writers.length === 0) return paths.map((path) => ({ method, path, ...body }));
  let next = 0;
  return [
    {
      method,
      ...body,
      setupRequest: (r) => {
        const writer = writers[next % writers.length] as (typeof writers)[number];
        return {
          ...r,
          path: paths[next++ % paths.length] as string,
          headers: { ...r.headers, ...writer.headers },
          body: writer.body,
        };
      },
    },
  ];
}

/** A load for a fixed time, to its end. */
export function runLoad(spec: LoadSpec & { durationSeconds: number }): Promise<LoadResult> {
  return startLoad(spec).done;
}

export interface PhaseFigures {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers that were not 2xx. */
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

/** Latency percentiles, throughput and status codes of the samples taken over `seconds`. */
export function figuresOf(samples: readonly LatencySample[], seconds: number): PhaseFigures {
  const sorted = Float64Array.from(samples, (s) => s.ms).sort();
  const statusCodes: Record<string, number> = {};
  for (const { status } of samples) statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  return {
    requests: samples.length,
    requestsPerSecond: samples.length / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    non2xx: samples.filter((s) => s.status < 200 || s.status > 299).length,
    statusCodes,
  };
}
