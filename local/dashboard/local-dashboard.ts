import { service } from '../../lib/description';
import { dashboard } from '../../lib/description/dashboard';
import {
  compositeAlarmsOf,
  graphsOf,
  metricAlarmsOf,
  metricsOf,
  type Line,
  type MetricScope,
  type Row,
  tableOperations,
} from '../../lib/metric-lines';
import { AlarmEvaluator, type AlarmTransition, type AlarmView } from './alarm-evaluator';
import { lineValue } from './line-value';
import type { LocalMetrics } from './local-metrics';

/** Points per chart: an hour of one-minute points, as the CloudWatch dashboard opens. */
export const chartPoints = 60;

/** Namespaces nothing publishes locally (dynalite reports no metrics; there is no WAF). */
const notEmulated = new Set(['AWS/DynamoDB', 'AWS/WAFV2']);

export interface ChartLine {
  readonly label: string;
  readonly axis: 'left' | 'right';
  /** One value per point; null where CloudWatch would have no datapoint. */
  readonly values: readonly (number | null)[];
}

export interface Chart {
  readonly title: string;
  readonly periodMs: number;
  readonly stacked: boolean;
  /** Epoch ms of each point's period start. */
  readonly times: readonly number[];
  readonly lines: readonly ChartLine[];
  readonly annotations: readonly { readonly value: number; readonly label: string }[];
  /** Why the chart stays empty here, when nothing local emits its metrics. */
  readonly deployedOnly?: string;
}

export interface DashboardCharts {
  /** Local periods are the described ones divided by this. */
  readonly timeScale: number;
  readonly rows: readonly {
    readonly title: string;
    readonly subtitle: string;
    readonly charts: readonly Chart[];
  }[];
  readonly alarms: readonly AlarmView[];
}

/**
 * The description's dashboard and alarms on the local cloud: the same
 * graphs in the same order, with the local functions and queues as their
 * members, charted from the datapoints the local cloud publishes; the alarms
 * evaluated on them (alarm-evaluator.ts).
 */
export class LocalDashboard {
  readonly rows: readonly Row[];
  readonly evaluator: AlarmEvaluator;

  constructor(
    private readonly metrics: LocalMetrics,
    scope: MetricScope,
    readonly timeScale: number,
    onTransition: (alarm: AlarmView, transition: AlarmTransition) => void,
  ) {
    this.rows = graphsOf(dashboard, scope);
    const alarms = metricAlarmsOf(scope);
    this.evaluator = new AlarmEvaluator(
      metrics.store,
      alarms,
      compositeAlarmsOf(alarms),
      timeScale,
      onTransition,
    );
  }

  charts(now: number = Date.now()): DashboardCharts {
    return {
      timeScale: this.timeScale,
      rows: this.rows.map((row) => ({
        title: row.title,
        subtitle: row.subtitle,
        charts: row.graphs.map((g) => {
          const periodMs = (g.periodSeconds * 1000) / this.timeScale;
          const last = Math.floor(now / periodMs) * periodMs;
          const times = Array.from(
            { length: chartPoints },
            (_, i) => last - (chartPoints - 1 - i) * periodMs,
          );
          const series = (line: Line, axis: ChartLine['axis']): ChartLine => ({
            label: line.kind === 'metric' ? line.metric.label : line.label,
            axis,
            values: times.map((t) => lineValue(this.metrics.store, line, t, t + periodMs)),
          });
          const lines = [
            ...g.left.map((l) => series(l, 'left')),
            ...g.right.map((l) => series(l, 'right')),
          ];
          const local = [...g.left, ...g.right].some((l) =>
            metricsOf(l).some((m) => !notEmulated.has(m.namespace)),
          );
          return {
            title: g.title,
            periodMs,
            stacked: g.stacked,
            times,
            lines,
            annotations: g.annotations,
            ...(local
              ? {}
              : {
                  deployedOnly:
                    'Not emulated locally (dynalite publishes no metrics): deployed only.',
                }),
          };
        }),
      })),
      alarms: this.evaluator.views(),
    };
  }
}

/** The local cloud's resources, as the description's placeholders name them. */
export function localScope(options: {
  readonly functions: Readonly<Record<string, { readonly reservedConcurrency?: number }>>;
  readonly queues: Readonly<
    Record<string, { readonly name: string; readonly deadLetter: { readonly name: string } }>
  >;
  readonly tableName: string;
  readonly region: string;
}): MetricScope {
  const named = (label: string) => ({ label, value: label });
  const queues = Object.entries(options.queues);
  return {
    members: {
      function: Object.entries(options.functions).map(([name, spec]) => ({
        label: name,
        value: name,
        reservedConcurrency: spec.reservedConcurrency,
      })),
      queue: queues.map(([label, q]) => ({ label, value: q.name })),
      deadLetterQueue: queues.map(([label, q]) => ({ label, value: q.deadLetter.name })),
      index: Object.keys(service.table.indexes).map(named),
      tableOperation: tableOperations().map(named),
      jobKind: Object.keys(options.queues).map(named),
    },
    refs: {
      service: service.name,
      apiName: service.name,
      stage: service.api.stageName,
      table: options.tableName,
      region: options.region,
      // The deployed stack's web ACL and rule (on by default): the graph is drawn, empty here.
      webAcl: service.api.waf.webAclMetricName,
      wafRule: service.api.waf.ruleMetricName,
    },
    has: { waf: true, queues: queues.length > 0 },
  };
}
