import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COLD_START_METRIC, MetricName } from '../../functions/observability/metric-names';
import { functions as described, service } from '../description';
import { AlarmTopic } from './alarm-topic';
import {
  customMetric,
  PERIOD,
  sumOf,
  tableOperations,
  tableThrottleMetrics,
} from './service-metrics';

/** A function to watch, by its name in the description (its `function_name` in metrics). */
export interface ObservedFunction {
  readonly name: string;
  readonly fn: lambda.IFunction;
}

/** A job queue to watch, with its dead-letter queue. */
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

/** Anchors of docs/operations.md, one per alarm: what it means, what to do. */
export const RUNBOOK = {
  api5xxRate: 'api-5xx-rate',
  apiLatencyP99: 'api-p99-latency',
  lambdaErrors: 'lambda-errors',
  lambdaThrottles: 'lambda-throttles',
  dynamodbThrottles: 'dynamodb-throttles',
  dlqMessages: 'messages-in-a-dead-letter-queue',
  oldestMessage: 'age-of-the-oldest-message',
} as const;

const WIDTH = 24;

/**
 * One CloudWatch dashboard for the service, and its alarms on one encrypted
 * SNS topic. Everything is derived: a function, a queue or an index added to
 * the stack appears here without an edit.
 */
export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly alarmTopic: AlarmTopic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { email: props.alarmEmail });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-${service.name}`,
      defaultInterval: Duration.hours(3),
    });
    this.apiSection(props);
    this.functionSection(props.functions);
    this.queueSection(props.queues ?? []);
    this.tableSection(props.table);
    this.cacheAndPartnerSection();
  }

  private apiSection({ stage, firewall }: ObservabilityProps): void {
    const sum = { statistic: 'Sum', period: PERIOD };
    const requests = stage.metricCount(sum);
    const serverErrors = stage.metricServerError(sum);
    const errorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      label: '5xx rate (%)',
      period: PERIOD,
    });
    const latency = (p: string) =>
      stage.metricLatency({ statistic: p, period: PERIOD, label: `latency ${p}` });
    const integration = (p: string) =>
      stage.metricIntegrationLatency({ statistic: p, period: PERIOD, label: `integration ${p}` });
    const target = service.api.latencyP99TargetMs;

    this.dashboard.addWidgets(header('API Gateway', `stage \`${service.api.stageName}\``));
    this.dashboard.addWidgets(
      graph('API requests', [
        stage.metricCount({ ...sum, label: 'requests' }),
        stage.metricClientError({ ...sum, label: '4xx' }),
        stage.metricServerError({ ...sum, label: '5xx' }),
      ]),
      graph(
        'API latency (ms)',
        [latency('p50'), latency('p90'), latency('p99'), integration('p50'), integration('p99')],
        [{ value: target, label: `p99 target ${target} ms`, color: cloudwatch.Color.RED }],
      ),
      graph(
        'API 5xx rate (%)',
        [errorRate],
        [
          {
            value: service.observability.alarms.serverErrorRatePercent,
            label: 'alarm',
            color: cloudwatch.Color.RED,
          },
        ],
      ),
    );
    if (firewall) {
      this.dashboard.addWidgets(
        graph('Requests blocked by WAF (rate per IP)', [
          new cloudwatch.Metric({
            namespace: 'AWS/WAFV2',
            metricName: 'BlockedRequests',
            dimensionsMap: {
              WebACL: firewall.webAclMetricName,
              Rule: firewall.ruleMetricName,
              Region: Stack.of(this).region,
            },
            statistic: 'Sum',
            period: PERIOD,
          }),
        ]),
      );
    }

    this.alarm('Api5xxRate', RUNBOOK.api5xxRate, {
      metric: errorRate,
      threshold: service.observability.alarms.serverErrorRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `More than ${service.observability.alarms.serverErrorRatePercent}% of API requests answered 5xx in 3 of the last 5 minutes.`,
    });
    this.alarm('ApiLatencyP99', RUNBOOK.apiLatencyP99, {
      metric: stage.metricLatency({ statistic: 'p99', period: PERIOD }),
      threshold: target,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `API p99 latency over the ${target} ms target in 3 of the last 5 minutes.`,
    });
  }

  private functionSection(observed: readonly ObservedFunction[]): void {
    const each = (metric: (f: ObservedFunction) => cloudwatch.IMetric) => observed.map(metric);
    const sum = (f: ObservedFunction) => ({ statistic: 'Sum', period: PERIOD, label: f.name });
    const budgets = new Set(
      observed.map(
        (f) =>
          (described as Record<string, { blockingBudgetMs?: number }>)[f.name]?.blockingBudgetMs ??
          service.observability.blockingBudgetMs,
      ),
    );

    this.dashboard.addWidgets(header('Lambda', 'one line per function'));
    this.dashboard.addWidgets(
      graph(
        'Invocations',
        each((f) => f.fn.metricInvocations(sum(f))),
      ),
      graph(
        'Errors',
        each((f) => f.fn.metricErrors(sum(f))),
      ),
      graph(
        'Throttles',
        each((f) => f.fn.metricThrottles(sum(f))),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Duration p99 (ms)',
        each((f) => f.fn.metricDuration({ statistic: 'p99', period: PERIOD, label: f.name })),
      ),
      graph(
        'Concurrent executions (max)',
        each((f) =>
          f.fn.metric('ConcurrentExecutions', {
            statistic: 'Maximum',
            period: PERIOD,
            label: f.name,
          }),
        ),
      ),
      graph(
        'Cold starts',
        each((f) =>
          customMetric(COLD_START_METRIC, 'Sum', { functionName: f.name, label: f.name }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Event loop delay max (ms)',
        each((f) =>
          customMetric(MetricName.EventLoopDelayMax, 'Maximum', {
            functionName: f.name,
            label: f.name,
          }),
        ),
        [...budgets].map((value) => ({ value, label: `budget ${value} ms` })),
      ),
      graph(
        'Deadline exceeded (answered 504)',
        each((f) =>
          customMetric(MetricName.DeadlineExceeded, 'Sum', { functionName: f.name, label: f.name }),
        ),
      ),
    );

    for (const f of observed) {
      this.alarm(`${f.name}Errors`, RUNBOOK.lambdaErrors, {
        metric: f.fn.metricErrors({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: `Function ${f.name} failed an invocation (crash, timeout or unhandled error) in the last 5 minutes.`,
      });
      this.alarm(`${f.name}Throttles`, RUNBOOK.lambdaThrottles, {
        metric: f.fn.metricThrottles({ statistic: 'Sum', period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: `Function ${f.name} was throttled (no concurrency left) in the last 5 minutes.`,
      });
    }
  }

  private queueSection(queues: readonly ObservedQueue[]): void {
    this.dashboard.addWidgets(header('Jobs', 'queues, their dead-letter queues and the workers'));
    if (queues.length > 0) {
      const dlqs = queues.filter(
        (q): q is ObservedQueue & { deadLetterQueue: sqs.IQueue } => !!q.deadLetterQueue,
      );
      this.dashboard.addWidgets(
        graph(
          'Visible messages',
          queues.map((q) =>
            q.queue.metricApproximateNumberOfMessagesVisible({
              statistic: 'Maximum',
              period: PERIOD,
              label: q.name,
            }),
          ),
        ),
        graph(
          'Age of oldest message (s)',
          queues.map((q) =>
            q.queue.metricApproximateAgeOfOldestMessage({
              statistic: 'Maximum',
              period: PERIOD,
              label: q.name,
            }),
          ),
          [{ value: service.observability.alarms.oldestMessageAgeSeconds, label: 'alarm' }],
        ),
        graph(
          'Dead-letter queue depth',
          dlqs.map((q) =>
            q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              statistic: 'Maximum',
              period: PERIOD,
              label: `${q.name} DLQ`,
            }),
          ),
        ),
      );
      for (const q of queues) {
        this.alarm(`${alarmId(q.name)}OldestMessage`, RUNBOOK.oldestMessage, {
          metric: q.queue.metricApproximateAgeOfOldestMessage({
            statistic: 'Maximum',
            period: PERIOD,
          }),
          threshold: service.observability.alarms.oldestMessageAgeSeconds,
          evaluationPeriods: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          description: `A message in queue ${q.name} has waited over ${service.observability.alarms.oldestMessageAgeSeconds} s for 3 minutes: the workers are not keeping up.`,
        });
      }
      for (const q of dlqs) {
        this.alarm(`${alarmId(q.name)}DeadLetters`, RUNBOOK.dlqMessages, {
          metric: q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
            statistic: 'Maximum',
            period: PERIOD,
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          description: `The dead-letter queue of ${q.name} holds a message: a job failed every attempt.`,
        });
      }
    }
    this.dashboard.addWidgets(
      graph('Jobs', [
        customMetric(MetricName.JobsEnqueued, 'Sum', { label: 'enqueued' }),
        customMetric(MetricName.JobsSucceeded, 'Sum', { label: 'succeeded' }),
        customMetric(MetricName.JobsFailed, 'Sum', { label: 'failed' }),
      ]),
      graph('Job latency, enqueue to done (ms)', [
        customMetric(MetricName.JobLatency, 'p50', { label: 'p50' }),
        customMetric(MetricName.JobLatency, 'p99', { label: 'p99' }),
      ]),
      graph('Queue send latency (ms)', [
        customMetric(MetricName.QueueSendLatency, 'p50', { label: 'p50' }),
        customMetric(MetricName.QueueSendLatency, 'p99', { label: 'p99' }),
      ]),
    );
  }

  private tableSection(table: dynamodb.ITable): void {
    const throttles = tableThrottleMetrics(table);
    this.dashboard.addWidgets(header('DynamoDB', 'the posts table and its indexes'));
    this.dashboard.addWidgets(
      graph('DynamoDB throttles', throttles),
      graph(
        'DynamoDB request latency p99 (ms)',
        tableOperations().map(
          (operation) =>
            new cloudwatch.Metric({
              namespace: 'AWS/DynamoDB',
              metricName: 'SuccessfulRequestLatency',
              dimensionsMap: { TableName: table.tableName, Operation: operation },
              statistic: 'p99',
              period: PERIOD,
              label: operation,
            }),
        ),
      ),
      graph('DynamoDB latency seen by the functions (ms)', [
        customMetric(MetricName.DynamoDBLatency, 'p50', { label: 'p50' }),
        customMetric(MetricName.DynamoDBLatency, 'p99', { label: 'p99' }),
      ]),
    );
    this.alarm('DynamoDBThrottles', RUNBOOK.dynamodbThrottles, {
      metric: sumOf(
        tableThrottleMetrics(table, Duration.minutes(5)),
        'throttle events',
        Duration.minutes(5),
      ),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description:
        'DynamoDB throttled reads or writes on the table or an index in the last 5 minutes.',
    });
  }

  private cacheAndPartnerSection(): void {
    const hits = customMetric(MetricName.CacheHit, 'Sum');
    const misses = customMetric(MetricName.CacheMiss, 'Sum');
    this.dashboard.addWidgets(header('Cache and partner API', 'degrade, never fail'));
    this.dashboard.addWidgets(
      graph('Cache hit ratio (%)', [
        new cloudwatch.MathExpression({
          expression: 'IF(hits + misses > 0, 100 * hits / (hits + misses), 0)',
          usingMetrics: { hits, misses },
          label: 'hit ratio',
          period: PERIOD,
        }),
      ]),
      graph('Cache errors and latency', [
        customMetric(MetricName.CacheError, 'Sum', { label: 'errors (served from the table)' }),
        customMetric(MetricName.CacheLatency, 'p99', { label: 'latency p99 (ms)' }),
      ]),
      graph('Partner API and breaker', [
        customMetric(MetricName.PartnerErrors, 'Sum', { label: 'partner errors' }),
        customMetric(MetricName.BreakerOpen, 'Sum', { label: 'breaker open' }),
        customMetric(MetricName.PartnerCallLatency, 'p99', { label: 'latency p99 (ms)' }),
      ]),
    );
  }

  private alarm(
    id: string,
    runbook: string,
    props: Omit<cloudwatch.CreateAlarmOptions, 'alarmDescription' | 'treatMissingData'> & {
      metric: cloudwatch.IMetric;
      description: string;
    },
  ): void {
    const { metric, description, ...options } = props;
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      ...options,
      alarmDescription: `${description} Runbook: docs/operations.md#${runbook}`,
      // No data is no traffic: not a reason to page anyone.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    const notify = new actions.SnsAction(this.alarmTopic.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    this.alarms.push(alarm);
  }
}

function header(title: string, subtitle: string): cloudwatch.TextWidget {
  return new cloudwatch.TextWidget({
    markdown: `## ${title}\n${subtitle}`,
    width: WIDTH,
    height: 2,
  });
}

function graph(
  title: string,
  left: readonly cloudwatch.IMetric[],
  annotations: readonly cloudwatch.HorizontalAnnotation[] = [],
): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({
    title,
    left: [...left],
    leftAnnotations: [...annotations],
    width: WIDTH / 3,
    height: 6,
    legendPosition: cloudwatch.LegendPosition.BOTTOM,
  });
}

/** A construct id from a queue's name (`analytics-jobs` -> `AnalyticsJobs`). */
function alarmId(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}
