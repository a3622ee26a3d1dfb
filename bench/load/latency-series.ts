import { percentile } from '../harness/summary';
import type { LatencySample } from './load-generator';

export interface SeriesPoint {
  /** Middle of the bucket, seconds since the phase started. */
  readonly t: number;
  readonly p50: number;
  readonly p99: number;
  readonly count: number;
}

/** Latency over time: p50 and p99 of the responses that arrived in each bucket. */
export function latencySeries(
  samples: readonly LatencySample[],
  bucketSeconds: number,
): SeriesPoint[] {
  const buckets: number[][] = [];
  for (const sample of samples) {
    const index = Math.floor(sample.t / bucketSeconds);
    (buckets[index] ??= []).push(sample.ms);
  }
  return Array.from(buckets, (bucket, index) => {
    const sorted = Float64Array.from(bucket ?? []).sort();
    return {
      t: (index + 0.5) * bucketSeconds,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      count: sorted.length,
    };
  }).filter((point) => point.count > 0);
}
