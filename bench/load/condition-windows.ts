import type { LatencySample } from './load-generator';

/** A stretch of a load run during which one condition held (idle, or jobs running). */
export interface ConditionWindow {
  readonly condition: string;
  /** Seconds since the load's origin. */
  readonly from: number;
  readonly to: number;
  /** CPU the cloud process used meanwhile, all threads (µs). */
  readonly cpuMicros: number;
}

/**
 * The samples of one condition: requests that started and ended inside one
 * of its windows (a request that straddles a switch belongs to neither).
 */
export function samplesIn(
  samples: readonly LatencySample[],
  windows: readonly ConditionWindow[],
  condition: string,
): LatencySample[] {
  const mine = windows.filter((w) => w.condition === condition);
  return samples.filter((s) => {
    const sent = s.t - s.ms / 1000;
    return mine.some((w) => sent >= w.from && s.t <= w.to);
  });
}

export function secondsIn(windows: readonly ConditionWindow[], condition: string): number {
  return windows
    .filter((w) => w.condition === condition)
    .reduce((sum, w) => sum + w.to - w.from, 0);
}

/** Cores the cloud process used on average during a condition. */
export function coresIn(windows: readonly ConditionWindow[], condition: string): number {
  const cpu = windows
    .filter((w) => w.condition === condition)
    .reduce((sum, w) => sum + w.cpuMicros, 0);
  return cpu / 1e6 / secondsIn(windows, condition);
}
