import type { Line } from '../../lib/metric-lines';
import type { MetricStore } from './metric-store';

/**
 * A line's value over one period, as CloudWatch computes it: a metric's
 * statistic; a percentage (0 when the whole is 0, no value when the whole
 * has no datapoint); a sum with missing metrics counted as 0 (FILL(m, 0)),
 * no value when none has a datapoint.
 */
export function lineValue(store: MetricStore, line: Line, from: number, to: number): number | null {
  switch (line.kind) {
    case 'metric':
      return store.value(line.metric, from, to);
    case 'sum': {
      const values = line.metrics.map((m) => store.value(m, from, to));
      if (values.every((v) => v === null)) return null;
      return values.reduce<number>((total, v) => total + (v ?? 0), 0);
    }
    case 'percent': {
      const of = (id: string) => {
        const metric = line.metrics[id];
        return metric ? store.value(metric, from, to) : null;
      };
      const whole = line.whole.map(of);
      if (whole.every((v) => v === null)) return null;
      const total = whole.reduce<number>((sum, v) => sum + (v ?? 0), 0);
      return total > 0 ? (100 * (of(line.part) ?? 0)) / total : 0;
    }
  }
}
