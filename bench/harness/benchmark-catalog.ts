import type { Benchmark } from './benchmark';

export interface CatalogEntry {
  readonly name: string;
  readonly title: string;
  load(): Promise<Benchmark>;
}

/**
 * Every benchmark, in the order `npm run bench` runs them. Each is imported only when it
 * runs: `npm run bench -- --help` (and a misspelt name) answers without loading the
 * benchmarks' modules (the local cloud, esbuild, autocannon), which cost seconds
 * of CPU at every start.
 */
export const benchmarkCatalog: readonly CatalogEntry[] = [
  {
    name: 'bundles',
    title: 'Bundle size (minified, SDK bundled)',
    load: async () => (await import('../bundles/bundles-bench')).bundlesBenchmark,
  },
  {
    name: 'cold',
    title: 'Cold start: fresh process, init and first invocation',
    load: async () => (await import('../cold/cold-bench')).coldBenchmark,
  },
  {
    name: 'overhead',
    title: 'Warm per-invocation overhead of the middleware stack',
    load: async () => (await import('../overhead/overhead-bench')).overheadBenchmark,
  },
  {
    name: 'load',
    title: 'Latency under load, idle vs busy, on the local cloud',
    load: async () => (await import('../load/load-bench')).loadBenchmark,
  },
  {
    name: 'flood',
    title: 'GET /posts/{id} at 50/s while POST /analyze is flooded, throttles on',
    load: async () => (await import('../flood/flood-bench')).floodBenchmark,
  },
];
