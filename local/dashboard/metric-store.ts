import type { Statistic } from '../../lib/description/metric-types';
import type { Metric } from '../../lib/metric-lines';
import { percentile } from './metric-series';

/** Resolution of the store: no local period may be shorter. */
export const bucketMs = 500;
/** Samples kept per bucket for percentiles; count, sum, min and max stay exact. */
const maxValuesPerBucket = 2_000;

interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  values: number[];
}

/** A metric's identity as CloudWatch has it: namespace, name and every dimension. */
export function metricKey(
  namespace: string,
  name: string,
  dimensions: Readonly<Record<string, string>>,
): string {
  // Code-unit order (the default sort), not localeCompare: this is an identity, read on
  // every datapoint, never shown.
  const names = Object.keys(dimensions);
  if (names.length > 1) names.sort();
  return JSON.stringify([namespace, name, names.map((key) => [key, dimensions[key]])]);
}

/**
 * Every datapoint the local cloud publishes, as CloudWatch stores them, in
 * half-second buckets for as long as the dashboard and the alarms look back.
 * A query aggregates the buckets of one period with one statistic; a metric
 * with no datapoint in the period has no value (null), as in CloudWatch.
 */
export class MetricStore {
  private readonly series = new Map<string, Map<number, Bucket>>();
  // metricKey sorts and serializes the dimensions, on every datapoint (several per request,
  // and a new dimensions object for each EMF line): each identity is worked out once, then
  // looked up by its names and values joined in the order they come.
  private readonly keys = new Map<string, string>();

  constructor(private readonly retentionMs: number) {}

  put(
    namespace: string,
    name: string,
    dimensions: Readonly<Record<string, string>>,
    value: number,
    at: number = Date.now(),
  ): void {
    this.putAt(this.keyOf(namespace, name, dimensions), value, at);
  }

  /**
   * `put` of a metric whose identity was worked out before (`keyOf`): the gateway's and the
   * functions' own metrics, several a request, have the same few identities every time.
   */
  putAt(key: string, value: number, at: number): void {
    let buckets = this.series.get(key);
    if (!buckets) this.series.set(key, (buckets = new Map()));
    const index = Math.floor(at / bucketMs);
    let bucket = buckets.get(index);
    if (!bucket) {
      buckets.set(index, (bucket = { count: 0, sum: 0, min: value, max: value, values: [] }));
      this.prune(buckets, at);
    }
    bucket.count += 1;
    bucket.sum += value;
    bucket.min = Math.min(bucket.min, value);
    bucket.max = Math.max(bucket.max, value);
    if (bucket.values.length < maxValuesPerBucket) bucket.values.push(value);
  }

  /** The metric's statistic over [from, to), or null when it has no datapoint there. */
  value(metric: Metric, from: number, to: number): number | null {
    return this.statistic(metric, metric.stat, from, to);
  }

  statistic(
    metric: Pick<Metric, 'namespace' | 'name' | 'dimensions'>,
    stat: Statistic,
    from: number,
    to: number,
  ): number | null {
    const buckets = this.series.get(metricKey(metric.namespace, metric.name, metric.dimensions));
    if (!buckets) return null;
    const inside: Bucket[] = [];
    for (let i = Math.floor(from / bucketMs); i < Math.ceil(to / bucketMs); i += 1) {
      const bucket = buckets.get(i);
      if (bucket) inside.push(bucket);
    }
    if (inside.length === 0) return null;
    const count = inside.reduce((n, b) => n + b.count, 0);
    const sum = inside.reduce((n, b) => n + b.sum, 0);
    switch (stat) {
      case 'Sum':
        return sum;
      case 'SampleCount':
        return count;
      case 'Average':
        return sum / count;
      case 'Minimum':
        return Math.min(...inside.map((b) => b.min));
      case 'Maximum':
        return Math.max(...inside.map((b) => b.max));
      default: {
        const p = Number(stat.slice(1));
        const sorted = inside.flatMap((b) => b.values).sort((a, b) => a - b);
        return percentile(sorted, p);
      }
    }
  }

  /** `metricKey`, remembered (see `keys`). */
  keyOf(namespace: string, name: string, dimensions: Readonly<Record<string, string>>): string {
    // Each part led by its length, so no name or value can pass for two.
    let short = `${namespace.length}:${namespace}${name.length}:${name}`;
    for (const dimension in dimensions) {
      const value = dimensions[dimension] as string;
      short += `${dimension.length}:${dimension}${value.length}:${value}`;
    }
    let key = this.keys.get(short);
    if (key === undefined) this.keys.set(short, (key = metricKey(namespace, name, dimensions)));
    return key;
  }

  private prune(buckets: Map<number, Bucket>, now: number): void {
    const oldest = Math.floor((now - this.retentionMs) / bucketMs);
    for (const index of buckets.keys()) if (index < oldest) buckets.delete(index);
  }
}
