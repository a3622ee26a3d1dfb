import autocannon, { type AutocannonRequestSpec } from 'autocannon';
import { percentile } from '../harness/summary';

export interface LoadSpec {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly method?: 'GET' | 'POST';
  /** Paths taken in turn (e.g. one post id after another); `/` by default. */
  readonly paths?: readonly string[];
  readonly body?: string;
  /** Sent with every request: a content type, and (once writes need it) `authorization`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface LatencySample {
  /** Seconds since the load started. */
  readonly t: number;
  readonly ms: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Non-2xx answers plus connection errors and timeouts: all of them count. */
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly samples: readonly LatencySample[];
}

/**
 * Fixed concurrency for a fixed time with autocannon, every response's
 * latency recorded with the moment it arrived (for the time series).
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const paths = spec.paths ?? ['/'];
  let next = 0;
  const request: AutocannonRequestSpec = {
    method: spec.method ?? 'GET',
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    setupRequest: (r) => ({ ...r, path: paths[next++ % paths.length] as string }),
  };
  const samples: LatencySample[] = [];
  const started = performance.now();
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    headers: { ...spec.headers },
    requests: [request],
    timeout: 30,
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    samples.push({ t: (performance.now() - started) / 1000, ms });
  });
  const result = await instance;
  const elapsedSeconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(samples, (s) => s.ms).sort();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
  );
  return {
    requests: samples.length,
    requestsPerSecond: samples.length / elapsedSeconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    errors: result.non2xx + result.errors,
    statusCodes,
    samples,
  };
}
