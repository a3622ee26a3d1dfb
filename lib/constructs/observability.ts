import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { functions as described, queueNames, service, type FunctionSpec } from '../description';
import { dashboard } from '../description/dashboard';
import {
  compositeAlarmsOf,
  graphsOf,
  metricAlarmsOf,
  type Line,
  type Member,
  type MetricScope,
  tableOperations,
} from '../metric-lines';
import { AlarmTopic } from './alarm-topic';

export { RUNBOOK } from '../description/alarms';

/** A function to watch, by its name in the description (its `function_name` in metrics). */
export interface ObservedFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
}

/** A job queue to watch, by its name in the description, with its dead-letter queue. */
export interface ObservedQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue?: sqs.IQueue;
}

export interface ObservabilityProps {
  readonly stage: apigateway.Stage;
  readonly functions: readonly ObservedFunction[];
  readonly table: dynamodb.ITable;
  readonly queues?: readonly ObservedQueue[];
  /** The WAF web ACL's metric names, when one guards the stage. */
  readonly firewall?: { readonly webAclMetricName: string; readonly ruleMetricName: string };
  readonly alarmEmail?: string;
}

const WIDTH = 24;
const PER_ROW = 3;

/**
 * The CloudWatch dashboard and the alarms of the description
 * (lib/description/dashboard.ts, alarms.ts), on this stack's resources: a
 * function, a queue or an index added to the stack appears here without an
 * edit. Alarms that notify go to one encrypted SNS topic.
 */
export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly compositeAlarms: cloudwatch.CompositeAlarm[] = [];
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    const stackName = Stack.of(this).stackName;
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${stackName}-${service.name}`,
      defaultInterval: Duration.hours(3),
    });
    const metricScope = scopeOf(this, props);

    for (const row of graphsOf(dashboard, metricScope)) {
      this.dashboard.addWidgets(
        new cloudwatch.TextWidget({
          markdown: `## ${row.title}\n${row.subtitle}`,
          width: WIDTH,
          height: 2,
        }),
      );
      for (let i = 0; i < row.graphs.length; i += PER_ROW) {
        const widgets = row.graphs.slice(i, i + PER_ROW).map((g) => {
          const period = Duration.seconds(g.periodSeconds);
          return new cloudwatch.GraphWidget({
            title: g.title,
            left: g.left.map((l, i) => toMetric(l, period, i)),
            right: g.right.map((l, i) => toMetric(l, period, g.left.length + i)),
            leftAnnotations: g.annotations.map((a) => ({ ...a, color: cloudwatch.Color.RED })),
            stacked: g.stacked,
            width: WIDTH / PER_ROW,
            height: 6,
            legendPosition: cloudwatch.LegendPosition.BOTTOM,
          });
        });
        this.dashboard.addWidgets(...widgets);
      }
    }

    const notify = new actions.SnsAction(this.alarmTopic.topic);
    const metricAlarms = metricAlarmsOf(metricScope);
    const byName = new Map<string, cloudwatch.Alarm>();
    for (const a of metricAlarms) {
      const alarm = new cloudwatch.Alarm(this, a.name, {
        alarmName: `${stackName}-${a.name}`,
        // Unlabelled: an alarm on one labelled metric would be deployed as metric math.
        metric: toMetric(a.line, Duration.seconds(a.spec.periodSeconds), 0, false),
        threshold: a.spec.threshold,
        evaluationPeriods: a.spec.evaluationPeriods,
        datapointsToAlarm: a.spec.datapointsToAlarm,
        comparisonOperator: a.spec.comparison as cloudwatch.ComparisonOperator,
        treatMissingData: a.spec.treatMissingData as cloudwatch.TreatMissingData,
        alarmDescription: `${a.description} Runbook: docs/operations.md#${a.spec.runbook}`,
      });
      if (a.spec.notify) {
        alarm.addAlarmAction(notify);
        alarm.addOkAction(notify);
      }
      byName.set(a.name, alarm);
      this.alarms.push(alarm);
    }
    for (const c of compositeAlarmsOf(metricAlarms)) {
      const composite = new cloudwatch.CompositeAlarm(this, c.name, {
        compositeAlarmName: `${stackName}-${c.name}`,
        alarmRule: cloudwatch.AlarmRule.anyOf(
          ...c.anyOf.map((name) =>
            cloudwatch.AlarmRule.fromAlarm(
              byName.get(name) as cloudwatch.Alarm,
              cloudwatch.AlarmState.ALARM,
            ),
          ),
        ),
        alarmDescription: `${c.description} Runbook: docs/operations.md#${c.runbook}`,
      });
      composite.addAlarmAction(notify);
      composite.addOkAction(notify);
      this.compositeAlarms.push(composite);
    }
  }
}

/** The stack's resources, as the description's placeholders name them. */
function scopeOf(construct: Construct, props: ObservabilityProps): MetricScope {
  const queues = props.queues ?? [];
  const spec = (name: string): FunctionSpec | undefined =>
    (described as Record<string, FunctionSpec | undefined>)[name];
  const named = (label: string): Member => ({ label, value: label });
  return {
    members: {
      function: props.functions.map((f) => ({
        label: f.name,
        value: f.fn.functionName,
        reservedConcurrency: spec(f.name)?.reservedConcurrency,
      })),
      queue: queues.map((q) => ({ label: q.name, value: q.queue.queueName })),
      deadLetterQueue: queues.flatMap((q) =>
        q.deadLetterQueue ? [{ label: q.name, value: q.deadLetterQueue.queueName }] : [],
      ),
      index: Object.keys(service.table.indexes).map(named),
      tableOperation: tableOperations().map(named),
      jobKind: queueNames.map(named),
    },
    refs: {
      service: service.name,
      apiName: props.stage.restApi.restApiName,
      stage: props.stage.stageName,
      table: props.table.tableName,
      region: Stack.of(construct).region,
      ...(props.firewall
        ? { webAcl: props.firewall.webAclMetricName, wafRule: props.firewall.ruleMetricName }
        : {}),
    },
    has: { waf: props.firewall !== undefined, queues: queues.length > 0 },
  };
}

/** `index`: the line's place in its graph, so two sums in one graph use distinct metric ids. */
function toMetric(line: Line, period: Duration, index = 0, labelled = true): cloudwatch.IMetric {
  const metric = (m: Extract<Line, { kind: 'metric' }>['metric'], label?: string) =>
    new cloudwatch.Metric({
      namespace: m.namespace,
      metricName: m.name,
      dimensionsMap: { ...m.dimensions },
      statistic: m.stat,
      period,
      ...(label ? { label } : {}),
    });
  switch (line.kind) {
    case 'metric':
      return metric(line.metric, labelled ? line.metric.label : undefined);
    case 'percent': {
      const whole = line.whole.join(' + ');
      const over = line.whole.length > 1 ? `(${whole})` : whole;
      return new cloudwatch.MathExpression({
        expression: `IF(${whole} > 0, 100 * ${line.part} / ${over}, 0)`,
        usingMetrics: Object.fromEntries(
          Object.entries(line.metrics).map(([id, m]) => [id, metric(m)]),
        ),
        label: line.label,
        period,
      });
    }
    case 'sum': {
      const usingMetrics = Object.fromEntries(
        line.metrics.map((m, i) => [`${index > 0 ? `l${index}` : ''}m${i}`, metric(m)]),
      );
      return new cloudwatch.MathExpression({
        expression: Object.keys(usingMetrics)
          .map((id) => `FILL(${id}, 0)`)
          .join(' + '),
        usingMetrics,
        label: line.label,
        period,
      });
    }
  }
}
