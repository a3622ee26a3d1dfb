/** How far back the dashboard's charts reach, and the width of one bar. */
export const timeline = { buckets: 60, bucketMs: 5_000 } as const;

/** Samples kept for percentiles; beyond this, percentiles cover the most recent ones. */
const maxSamples = 10_000;

export interface SeriesSummary {
  /** Samples since the local cloud started. */
  readonly samples: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
}

/**
 * One metric's samples, as CloudWatch aggregates them for a dashboard:
 * SampleCount, Sum, Minimum, Maximum and percentiles (nearest rank), plus a
 * per-bucket Sum over the last few minutes for the charts.
 */
export class MetricSeries {
  private count = 0;
  private total = 0;
  private minimum = Infinity;
  private maximum = -Infinity;
  private readonly recent: number[] = [];
  private next = 0;
  private readonly buckets = new Map<number, number>();

  add(value: number, at: number = Date.now()): void {
    this.count += 1;
    this.total += value;
    this.minimum = Math.min(this.minimum, value);
    this.maximum = Math.max(this.maximum, value);
    if (this.recent.length < maxSamples) this.recent.push(value);
    else this.recent[this.next] = value;
    this.next = (this.next + 1) % maxSamples;
    const bucket = Math.floor(at / timeline.bucketMs);
    this.buckets.set(bucket, (this.buckets.get(bucket) ?? 0) + value);
    if (this.buckets.size > timeline.buckets * 2) this.prune(at);
  }

  /** Samples since the start, without computing percentiles. */
  get samples(): number {
    return this.count;
  }

  summary(): SeriesSummary {
    const sorted = [...this.recent].sort((a, b) => a - b);
    return {
      samples: this.count,
      sum: this.total,
      min: this.count > 0 ? this.minimum : null,
      max: this.count > 0 ? this.maximum : null,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  }

  /** Sum per bucket, oldest first, ending with the bucket that holds `now`. */
  timeline(now: number = Date.now()): number[] {
    const last = Math.floor(now / timeline.bucketMs);
    return Array.from(
      { length: timeline.buckets },
      (_, i) => this.buckets.get(last - timeline.buckets + 1 + i) ?? 0,
    );
  }

  private prune(now: number): void {
    const oldest = Math.floor(now / timeline.bucketMs) - timeline.buckets;
    for (const bucket of this.buckets.keys()) if (bucket < oldest) this.buckets.delete(bucket);
  }
}

/** Nearest-rank percentile of sorted samples; null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}
