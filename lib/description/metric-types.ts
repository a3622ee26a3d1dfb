/**
 * The shapes of the dashboard and the alarms in the description (dashboard.ts,
 * alarms.ts): metrics named as CloudWatch names them, with the resources they
 * watch left as placeholders that the stack fills with its resources and the
 * local cloud with its own.
 */

/** CloudWatch statistics the dashboard and the alarms use. */
export type Statistic = 'Sum' | 'Maximum' | 'Minimum' | 'Average' | 'SampleCount' | `p${number}`;

/** Sets whose members the stack knows: a metric over one is one line (or alarm) per member. */
export type Each =
  'function' | 'queue' | 'deadLetterQueue' | 'index' | 'tableOperation' | 'jobKind';

/** Single resources the stack names (a CDK token there, a local name here). */
export type Ref = 'service' | 'apiName' | 'stage' | 'table' | 'webAcl' | 'wafRule' | 'region';

/**
 * A dimension's value: literal, one per member of a set (`each`: the
 * resource's name where it runs, as AWS/Lambda's `FunctionName`; `nameOf`:
 * its name in the description, as the handlers' `function_name`), or a
 * single resource's name.
 */
export type DimensionValue =
  string | { readonly each: Each } | { readonly nameOf: Each } | { readonly ref: Ref };

export interface MetricSpec {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, DimensionValue>>;
  readonly stat: Statistic;
  /** The line's legend; `{each}` stands for the member's name. Default: the member's name. */
  readonly label?: string;
  /** Only the members that have it: functions with reserved concurrency, queues with a DLQ. */
  readonly only?: 'reservedConcurrency';
}

/** `100 * part / (whole...)` as a percentage, 0 when the whole is 0 (a 5xx rate, a hit ratio). */
export interface PercentSpec {
  readonly percent: { readonly part: string; readonly whole: readonly string[] };
  readonly metrics: Readonly<Record<string, MetricSpec>>;
  readonly label: string;
}

/** The sum of every line a metric expands to, a missing point counted as 0. */
export interface SumSpec {
  readonly sum: readonly MetricSpec[];
  readonly label: string;
}

export type LineSpec = MetricSpec | PercentSpec | SumSpec;

export interface AnnotationSpec {
  readonly value: number;
  readonly label: string;
}

export interface GraphSpec {
  readonly title: string;
  readonly left: readonly LineSpec[];
  /** A second axis, for a unit the left one does not share (ms beside a count). */
  readonly right?: readonly LineSpec[];
  /** Horizontal lines on the left axis: alarm thresholds, targets, budgets. */
  readonly annotations?: readonly AnnotationSpec[];
  readonly stacked?: boolean;
  readonly periodSeconds: number;
  /** Drawn only when the stack has it: WAF (`-c waf=on`), job queues. */
  readonly when?: 'waf' | 'queues';
}

export interface RowSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly graphs: readonly GraphSpec[];
}

export type Comparison =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** CloudWatch's `TreatMissingData`. */
export type MissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

export interface MetricAlarmSpec {
  /** The alarm's name in the stack (`<stack>-<id>`, `<stack>-<id>-<member>` with `each`). */
  readonly id: string;
  /** One alarm per member of this set; `{ each }` in the metric is that member. */
  readonly each?: Extract<Each, 'function' | 'queue' | 'deadLetterQueue'>;
  readonly only?: 'reservedConcurrency';
  readonly metric: LineSpec;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly treatMissingData: MissingData;
  /** `{each}` stands for the member. */
  readonly description: string;
  /** Anchor of its section in docs/operations.md. */
  readonly runbook: string;
  /** Its own SNS notification; false for the members of a composite alarm, which notifies. */
  readonly notify: boolean;
}

/** ALARM while any of its alarms is in ALARM (CloudWatch's `ALARM(a) OR ALARM(b) …`). */
export interface CompositeAlarmSpec {
  readonly id: string;
  readonly anyOf: readonly string[];
  readonly description: string;
  readonly runbook: string;
}
