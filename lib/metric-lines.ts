import type {
  AnnotationSpec,
  DimensionValue,
  Each,
  GraphSpec,
  LineSpec,
  MetricAlarmSpec,
  MetricSpec,
  Ref,
  RowSpec,
  Statistic,
} from './description/metric-types';
import { functions, type TableAction } from './description';
import { compositeAlarms, metricAlarms } from './description/alarms';

/**
 * The dashboard and the alarms of the description made concrete for one
 * place: the stack (its resources' names are CDK tokens) or the local cloud
 * (its own names). Both build from this, so they list the same lines.
 */

/** One member of a set: `label` names it to people, `value` is its dimension value. */
export interface Member {
  readonly label: string;
  readonly value: string;
  readonly reservedConcurrency?: number;
}

export interface MetricScope {
  readonly members: Readonly<Record<Each, readonly Member[]>>;
  readonly refs: Readonly<Partial<Record<Ref, string>>>;
  readonly has: { readonly waf: boolean; readonly queues: boolean };
}

export interface Metric {
  readonly namespace: string;
  readonly name: string;
  /** In CloudWatch's order: sorted by dimension name. */
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: Statistic;
  readonly label: string;
}

export type Line =
  | { readonly kind: 'metric'; readonly metric: Metric }
  | {
      readonly kind: 'percent';
      readonly label: string;
      readonly metrics: Readonly<Record<string, Metric>>;
      readonly part: string;
      readonly whole: readonly string[];
    }
  | { readonly kind: 'sum'; readonly label: string; readonly metrics: readonly Metric[] };

export interface Graph {
  readonly title: string;
  readonly left: readonly Line[];
  readonly right: readonly Line[];
  readonly annotations: readonly AnnotationSpec[];
  readonly stacked: boolean;
  readonly periodSeconds: number;
}

export interface Row {
  readonly title: string;
  readonly subtitle: string;
  readonly graphs: readonly Graph[];
}

export interface MetricAlarm {
  /** `Api5xxRate`, `FunctionErrors-createPost`: the stack names it `<stack>-<name>`. */
  readonly name: string;
  readonly spec: MetricAlarmSpec;
  readonly line: Line;
  readonly description: string;
}

export interface CompositeAlarm {
  readonly name: string;
  readonly anyOf: readonly string[];
  readonly description: string;
  readonly runbook: string;
}

/** A member bound by an alarm's `each`: the metric's `{ each }` of that set is this member. */
type Binding = { readonly each: Each; readonly member: Member } | undefined;

export function expandMetric(spec: MetricSpec, scope: MetricScope, bound?: Binding): Metric[] {
  const setOf = (v: DimensionValue): Each | undefined =>
    typeof v !== 'object' ? undefined : 'each' in v ? v.each : 'nameOf' in v ? v.nameOf : undefined;
  const free = Object.values(spec.dimensions).flatMap((v) => {
    const set = setOf(v);
    return set && set !== bound?.each ? [set] : [];
  });
  const over = free[0];
  if (free.some((each) => each !== over)) throw new Error(`${spec.name}: one set per metric`);
  const members = over
    ? scope.members[over].filter(
        (m) => spec.only !== 'reservedConcurrency' || m.reservedConcurrency,
      )
    : [undefined];
  return members.map((member) => {
    const named = member ?? bound?.member;
    const value = (v: DimensionValue): string => {
      if (typeof v === 'string') return v;
      if ('ref' in v) {
        const ref = scope.refs[v.ref];
        if (ref === undefined) throw new Error(`${spec.name}: no ${v.ref} here`);
        return ref;
      }
      const set = setOf(v) as Each;
      const m = set === bound?.each ? bound.member : member;
      if (!m) throw new Error(`${spec.name}: no member of ${set}`);
      return 'nameOf' in v ? m.label : m.value;
    };
    const dimensions = Object.fromEntries(
      Object.entries(spec.dimensions)
        .map(([k, v]) => [k, value(v)] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
    const label = (spec.label ?? '{each}').replace('{each}', named?.label ?? spec.name);
    return { namespace: spec.namespace, name: spec.name, dimensions, stat: spec.stat, label };
  });
}

export function expandLine(spec: LineSpec, scope: MetricScope, bound?: Binding): Line[] {
  if ('sum' in spec) {
    return [
      {
        kind: 'sum',
        label: spec.label,
        metrics: spec.sum.flatMap((m) => expandMetric(m, scope, bound)),
      },
    ];
  }
  if ('percent' in spec) {
    const metrics = Object.fromEntries(
      Object.entries(spec.metrics).map(([id, m]) => [id, only(expandMetric(m, scope, bound))]),
    );
    return [{ kind: 'percent', label: spec.label, metrics, ...spec.percent }];
  }
  return expandMetric(spec, scope, bound).map((metric) => ({ kind: 'metric', metric }));
}

export function graphsOf(rows: readonly RowSpec[], scope: MetricScope): Row[] {
  const shown = (g: GraphSpec) => !g.when || scope.has[g.when];
  return rows.map((row) => ({
    title: row.title,
    subtitle: row.subtitle,
    graphs: row.graphs.filter(shown).map((g) => ({
      title: g.title,
      left: g.left.flatMap((l) => expandLine(l, scope)),
      right: (g.right ?? []).flatMap((l) => expandLine(l, scope)),
      annotations: g.annotations ?? [],
      stacked: g.stacked ?? false,
      periodSeconds: g.periodSeconds,
    })),
  }));
}

/** Every metric alarm, one per member for those with `each`. */
export function metricAlarmsOf(scope: MetricScope): MetricAlarm[] {
  return metricAlarms.flatMap((spec: MetricAlarmSpec) => {
    const members: (Member | undefined)[] = spec.each
      ? scope.members[spec.each].filter(
          (m) => spec.only !== 'reservedConcurrency' || m.reservedConcurrency,
        )
      : [undefined];
    return members.map((member) => {
      const bound = spec.each && member ? { each: spec.each, member } : undefined;
      return {
        name: member ? `${spec.id}-${member.label}` : spec.id,
        spec,
        line: only(expandLine(spec.metric, scope, bound)),
        description: spec.description.replace('{each}', member?.label ?? ''),
      };
    });
  });
}

/** The composite alarms over the metric alarms that exist here (none when they have none). */
export function compositeAlarmsOf(alarms: readonly MetricAlarm[]): CompositeAlarm[] {
  return compositeAlarms.flatMap((spec) => {
    const ids: readonly string[] = spec.anyOf;
    const anyOf = alarms.filter((a) => ids.includes(a.spec.id)).map((a) => a.name);
    return anyOf.length > 0
      ? [{ name: spec.id, anyOf, description: spec.description, runbook: spec.runbook }]
      : [];
  });
}

/** The metrics a line reads. */
export function metricsOf(line: Line): Metric[] {
  if (line.kind === 'metric') return [line.metric];
  return line.kind === 'sum' ? [...line.metrics] : Object.values(line.metrics);
}

function only<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected one line, got ${items.length}`);
  return items[0] as T;
}

/** DynamoDB operations the functions may call, from their `tableActions` (metered ones only). */
export function tableOperations(): string[] {
  const metered = new Set(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan']);
  const granted = Object.values(functions).flatMap((f) => f.tableActions as readonly TableAction[]);
  return [...new Set(granted.map((a) => a.replace(/^dynamodb:/, '')))].filter((op) =>
    metered.has(op),
  );
}
