import { service } from '../../lib/description';
import type { LambdaEvents } from '../lambda/lambda-events';
import type { LambdaPool } from '../lambda/lambda-pool';
import { localRegion } from '../local-credentials';
import type { LocalService } from '../service';
import { LocalDashboard, localScope } from './local-dashboard';
import { LocalMetrics, type QueueStatsProvider } from './local-metrics';

export interface DashboardServiceOptions {
  /** The routes (`GET /posts/{id}`) and functions to show, declared or not yet called. */
  readonly routes: readonly string[];
  readonly functions: Readonly<Record<string, { readonly reservedConcurrency?: number }>>;
  readonly queues: Readonly<
    Record<string, { readonly name: string; readonly deadLetter: { readonly name: string } }>
  >;
  readonly queueStats: QueueStatsProvider;
  readonly pools: ReadonlyMap<string, LambdaPool>;
  readonly events: LambdaEvents;
  /** Every period divided by this (see `LocalCloudOptions.timeScale`). */
  readonly timeScale: number;
  /** A notifying alarm's change of state, as its SNS message would tell it. */
  readonly onAlarm: (line: string) => void;
}

export interface DashboardService {
  readonly metrics: LocalMetrics;
  readonly dashboard: LocalDashboard;
}

/**
 * CloudWatch, locally: the metrics of the gateway, the functions (from the pools' events)
 * and the queues, the description's dashboard and its alarms evaluated as periods end.
 */
export function dashboardService(options: DashboardServiceOptions): LocalService<DashboardService> {
  let sampler: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'dashboard',
    start() {
      const { timeScale } = options;
      if (!(timeScale >= 1 && timeScale <= 120)) {
        return Promise.reject(new Error(`timeScale must be between 1 and 120, not ${timeScale}`));
      }
      const metrics = new LocalMetrics(
        { routes: options.routes, functions: Object.keys(options.functions) },
        options.queueStats,
        (60 * 60_000) / timeScale,
      );
      const dashboard = new LocalDashboard(
        metrics,
        localScope({
          functions: options.functions,
          queues: options.queues,
          tableName: service.table.name,
          region: localRegion,
        }),
        timeScale,
        (alarm, change) => {
          // What reaches an operator: the alarms with an SNS action, on ALARM and on recovery.
          if (!alarm.notifies) return;
          if (change.to === 'ALARM' || (change.to === 'OK' && change.from === 'ALARM')) {
            options.onAlarm(`${change.to} ${alarm.name}: ${alarm.description} (${change.reason})`);
          }
        },
      );
      unsubscribe = options.events.subscribe((event) => metrics.lambdaEvent(event));
      // CloudWatch samples concurrency and queue depths; the alarms are evaluated as periods end.
      sampler = setInterval(
        () => {
          metrics.sample(new Map([...options.pools].map(([name, pool]) => [name, pool.running])));
          dashboard.evaluator.evaluate();
        },
        Math.min(1_000, 60_000 / timeScale / 4),
      );
      sampler.unref();
      return Promise.resolve({ metrics, dashboard });
    },
    close() {
      clearInterval(sampler);
      unsubscribe?.();
      return Promise.resolve();
    },
  };
}
