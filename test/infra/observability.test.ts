import { App, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Observability, RUNBOOK } from '../../lib/constructs/observability';
import { queuesIn } from '../../lib/constructs/observed-queues';
import { functions, queues, service, type FunctionName } from '../../lib/description';
import {
  dashboardBody,
  referencedIds,
  synthStack,
  type CfnResource,
  type DashboardBody,
} from '../support/synth';

type Widget = DashboardBody['widgets'][number];
type Row = readonly unknown[];

const functionNames = Object.keys(functions) as FunctionName[];
let synth: ReturnType<typeof synthStack>;
let widgets: readonly Widget[];
let alarms: [string, CfnResource][];

beforeAll(() => {
  synth = synthStack();
  const dashboards = synth.ofType('AWS::CloudWatch::Dashboard');
  expect(dashboards).toHaveLength(1);
  widgets = dashboardBody(dashboards[0]?.[1].Properties.DashboardBody).widgets;
  alarms = synth.ofType('AWS::CloudWatch::Alarm');
});

function widget(title: string): Widget {
  const found = widgets.filter((w) => w.properties.title === title);
  expect(found, title).toHaveLength(1);
  return found[0] as Widget;
}

/** `[namespace, name, dim, value, ..., options]` rows of a graph, options dropped. */
function rows(title: string): Row[] {
  return (widget(title).properties.metrics ?? [])
    .map((row) => row.filter((cell) => typeof cell === 'string'))
    .filter((row) => row.length > 0); // an expression row has no metric of its own
}

/** Each row's statistic (`stat` in its options). */
function stats(title: string): string[] {
  return (widget(title).properties.metrics ?? []).flatMap((row) => {
    const options = row.at(-1) as { stat?: string; visible?: boolean };
    return options.stat && options.visible !== false ? [options.stat] : [];
  });
}

const fnRef = (name: FunctionName) =>
  `<Ref ${synth.stack.getLogicalId(
    synth.stack.functions.byName[name].node.defaultChild as lambda.CfnFunction,
  )}>`;
const stageRef = () =>
  `<Ref ${synth.stack.getLogicalId(synth.stack.api.restApi.deploymentStage.node.defaultChild as apigateway.CfnStage)}>`;

describe('the dashboard', () => {
  it('shows API Gateway requests, 4xx and 5xx for the stage', () => {
    const stage = ['ApiName', service.name, 'Stage', stageRef()];
    expect(rows('API requests')).toEqual([
      ['AWS/ApiGateway', 'Count', ...stage],
      ['AWS/ApiGateway', '4XXError', ...stage],
      ['AWS/ApiGateway', '5XXError', ...stage],
    ]);
    expect(stats('API requests')).toEqual(['Sum', 'Sum', 'Sum']);
  });

  it('shows latency p50/p90/p99 and integration latency, with the p99 target', () => {
    const names = rows('API latency (ms)').map((r) => r[1]);
    expect(names).toEqual([
      'Latency',
      'Latency',
      'Latency',
      'IntegrationLatency',
      'IntegrationLatency',
    ]);
    expect(stats('API latency (ms)')).toEqual(['p50', 'p90', 'p99', 'p50', 'p99']);
    expect(widget('API latency (ms)').properties.annotations?.horizontal?.[0]?.value).toBe(
      service.api.latencyP99TargetMs,
    );
  });

  it.each([
    ['Invocations', 'Invocations', 'Sum'],
    ['Errors', 'Errors', 'Sum'],
    ['Throttles', 'Throttles', 'Sum'],
    ['Duration p99 (ms)', 'Duration', 'p99'],
    ['Concurrent executions (max)', 'ConcurrentExecutions', 'Maximum'],
  ])('%s: one line per function in the description', (title, metric, stat) => {
    expect(rows(title)).toEqual(
      functionNames.map((name) => ['AWS/Lambda', metric, 'FunctionName', fnRef(name)]),
    );
    expect(new Set(stats(title))).toEqual(new Set([stat]));
  });

  it.each([
    ['Cold starts', 'ColdStart', 'Sum'],
    ['Event loop delay max (ms)', 'EventLoopDelayMax', 'Maximum'],
    ['Deadline exceeded (answered 504)', 'DeadlineExceeded', 'Sum'],
  ])('%s: the Powertools metric per function (service + function_name)', (title, metric, stat) => {
    expect(rows(title)).toEqual(
      functionNames.map((name) => [
        service.metricsNamespace,
        metric,
        'function_name',
        name,
        'service',
        service.name,
      ]),
    );
    expect(new Set(stats(title))).toEqual(new Set([stat]));
  });

  it('marks the blocking budget on the event-loop graph', () => {
    expect(
      widget('Event loop delay max (ms)').properties.annotations?.horizontal?.map((a) => a.value),
    ).toContain(service.observability.blockingBudgetMs);
  });

  it('shows DynamoDB throttles on the table and every index, and latency per operation', () => {
    const table = `<Ref ${synth.stack.getLogicalId(synth.stack.postsTable.table.node.defaultChild as dynamodb.CfnTable)}>`;
    const throttles = rows('DynamoDB throttles');
    for (const kind of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      expect(throttles).toContainEqual(['AWS/DynamoDB', kind, 'TableName', table]);
      for (const index of Object.keys(service.table.indexes)) {
        expect(throttles).toContainEqual([
          'AWS/DynamoDB',
          kind,
          'GlobalSecondaryIndexName',
          index,
          'TableName',
          table,
        ]);
      }
    }
    const operations = rows('DynamoDB request latency p99 (ms)').map((r) => r[3]);
    const granted = new Set(
      Object.values(functions).flatMap((f) => f.tableActions.map((a) => a.split(':')[1])),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) expect(granted).toContain(op);
    expect(rows('DynamoDB latency seen by the functions (ms)').map((r) => r[1])).toEqual([
      'DynamoDBLatency',
      'DynamoDBLatency',
    ]);
  });

  it('shows the cache hit ratio from CacheHit and CacheMiss, cache errors and the breaker', () => {
    const ratio = widget('Cache hit ratio (%)').properties.metrics ?? [];
    expect(ratio[0]?.[0]).toMatchObject({ expression: expect.stringContaining('hits / (hits') });
    expect(rows('Cache hit ratio (%)').map((r) => r[1])).toEqual(['CacheHit', 'CacheMiss']);
    expect(rows('Cache errors and latency').map((r) => r[1])).toEqual([
      'CacheError',
      'CacheLatency',
    ]);
    expect(rows('Partner API and breaker').map((r) => r[1])).toEqual([
      'PartnerErrors',
      'BreakerOpen',
      'PartnerCallLatency',
    ]);
  });

  it('shows the job metrics per JobKind, as the workers write them, and queue graphs for the queues', () => {
    // JobsEnqueued, JobsSucceeded, JobsFailed: each summed over every kind (dimensions JobKind + service).
    const kinds = Object.keys(queues);
    expect(rows('Jobs')).toEqual(
      ['JobsEnqueued', 'JobsSucceeded', 'JobsFailed'].flatMap((name) =>
        kinds.map((kind) => [
          service.metricsNamespace,
          name,
          'JobKind',
          kind,
          'service',
          service.name,
        ]),
      ),
    );
    const sums = (widget('Jobs').properties.metrics ?? []).flatMap((row) => {
      const first = row[0] as { expression?: string };
      return first.expression ? [first.expression] : [];
    });
    expect(sums).toHaveLength(3);
    for (const sum of sums) expect(sum.split(' + ')).toHaveLength(kinds.length);
    expect(widgets.some((w) => w.properties.title === 'Visible messages')).toBe(
      queuesIn(synth.stack).length > 0,
    );
  });
});

describe('the alarms', () => {
  const byRunbook = (anchor: string) =>
    alarms.filter(([, a]) =>
      String(a.Properties.AlarmDescription).endsWith(`docs/operations.md#${anchor}`),
    );

  it('each reach the encrypted alarm topic, on alarm and on recovery: alone or through one composite', () => {
    const [[topicId, topic] = []] = synth.ofType('AWS::SNS::Topic');
    const composites = synth.ofType('AWS::CloudWatch::CompositeAlarm');
    expect(alarms.length).toBeGreaterThan(0);
    expect(composites.length).toBeGreaterThan(0);
    for (const [id, alarm] of [...alarms, ...composites]) {
      expect(alarm.Properties.TreatMissingData ?? 'notBreaching', id).toBe('notBreaching');
      const notifies = alarm.Properties.AlarmActions !== undefined;
      if (notifies) {
        expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
        expect(alarm.Properties.OKActions, id).toEqual([{ Ref: topicId }]);
        continue;
      }
      // A silent alarm is one of a composite's: exactly one composite watches it.
      const watchers = composites.filter(([, c]) =>
        referencedIds(c.Properties.AlarmRule).includes(id),
      );
      expect(watchers, id).toHaveLength(1);
    }
    for (const [id, c] of composites) {
      expect(referencedIds(c.Properties.AlarmRule).length, id).toBeGreaterThan(0);
    }
    const keyId = referencedIds(topic?.Properties.KmsMasterKeyId)[0] ?? '';
    expect(synth.resources[keyId]?.Properties).toMatchObject({ EnableKeyRotation: true });
    expect(JSON.stringify(synth.resources[keyId]?.Properties.KeyPolicy)).toContain(
      'cloudwatch.amazonaws.com',
    );
    synth.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    // No address given: no subscription (see the flags suite for -c alarmEmail).
    synth.template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('5xx rate over the described percentage', () => {
    const [[, alarm] = []] = byRunbook(RUNBOOK.api5xxRate);
    expect(alarm?.Properties).toMatchObject({
      Threshold: service.observability.alarms.serverErrorRatePercent,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    const metrics = alarm?.Properties.Metrics as { Expression?: string; MetricStat?: unknown }[];
    expect(metrics[0]?.Expression).toBe('IF(requests > 0, 100 * errors / requests, 0)');
    expect(JSON.stringify(metrics)).toContain('"5XXError"');
  });

  it('p99 latency over the target in the description', () => {
    const [[, alarm] = []] = byRunbook(RUNBOOK.apiLatencyP99);
    expect(alarm?.Properties).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: service.api.latencyP99TargetMs,
    });
  });

  it.each([
    [RUNBOOK.lambdaErrors, 'Errors', functionNames],
    // Only a function with reserved concurrency throttles on its own; the rest show in the 5xx rate and queue age.
    [
      RUNBOOK.lambdaThrottles,
      'Throttles',
      functionNames.filter((name) => functions[name].reservedConcurrency !== undefined),
    ],
  ])('%s: one alarm per function, from the first one', (anchor, metric, watchedNames) => {
    const found = byRunbook(anchor);
    expect(watchedNames.length).toBeGreaterThan(0);
    expect(found).toHaveLength(watchedNames.length);
    const watched = found.map(([, a]) => {
      expect(a.Properties).toMatchObject({ MetricName: metric, Threshold: 1 });
      return `<Ref ${referencedIds(a.Properties.Dimensions)[0]}>`;
    });
    expect(watched.sort()).toEqual(watchedNames.map(fnRef).sort());
  });

  it('DynamoDB throttles on the table and its indexes', () => {
    const [[, alarm] = []] = byRunbook(RUNBOOK.dynamodbThrottles);
    const metrics = alarm?.Properties.Metrics as {
      MetricStat?: { Metric: { MetricName: string } };
    }[];
    const names = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric.MetricName] : []));
    const scopes = 1 + Object.keys(service.table.indexes).length;
    expect(names.filter((n) => n === 'ReadThrottleEvents')).toHaveLength(scopes);
    expect(names.filter((n) => n === 'WriteThrottleEvents')).toHaveLength(scopes);
    expect(alarm?.Properties.Threshold).toBe(1);
  });
});

describe('queues handed to the construct', () => {
  let template: Template;
  let body: DashboardBody;
  beforeAll(() => {
    const app = new App();
    const stack = new Stack(app, 'QueueStack');
    const fn = new lambda.Function(stack, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    });
    const api = new apigateway.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigateway.LambdaIntegration(fn));
    const table = new dynamodb.Table(stack, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const dlq = new sqs.Queue(stack, 'AnalyticsDlq');
    new sqs.Queue(stack, 'Analytics', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    new sqs.Queue(stack, 'Notifications');
    const queues = queuesIn(stack);
    expect(queues.map((q) => q.name).sort()).toEqual(['Analytics', 'Notifications']);
    new Observability(stack, 'Observability', {
      stage: api.deploymentStage,
      functions: [{ name: 'worker', fn }],
      table,
      queues,
    });
    template = Template.fromStack(stack);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    body = dashboardBody((dashboard as CfnResource).Properties.DashboardBody);
  });

  const names = (title: string) =>
    body.widgets
      .find((w) => w.properties.title === title)
      ?.properties.metrics?.map((row) => [row[1], row[3]]);

  it('draws visible messages and age of the oldest per queue, and depth per DLQ', () => {
    expect(names('Visible messages')).toEqual([
      ['ApproximateNumberOfMessagesVisible', expect.stringMatching(/^<Ref Analytics/)],
      ['ApproximateNumberOfMessagesVisible', expect.stringMatching(/^<Ref Notifications/)],
    ]);
    expect(names('Age of oldest message (s)')).toEqual([
      ['ApproximateAgeOfOldestMessage', expect.stringMatching(/^<Ref Analytics/)],
      ['ApproximateAgeOfOldestMessage', expect.stringMatching(/^<Ref Notifications/)],
    ]);
    expect(names('Dead-letter queue depth')).toEqual([
      ['ApproximateNumberOfMessagesVisible', expect.stringMatching(/^<Ref AnalyticsDlq/)],
    ]);
  });

  it('alarms on any message in a DLQ and on the age of the oldest message of each queue', () => {
    const all = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as CfnResource[];
    const of = (anchor: string) =>
      all.filter((a) => String(a.Properties.AlarmDescription).endsWith(`#${anchor}`));
    const dlq = of(RUNBOOK.dlqMessages);
    expect(dlq).toHaveLength(1);
    expect(dlq[0]?.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(referencedIds(dlq[0]?.Properties.Dimensions)[0]).toMatch(/^AnalyticsDlq/);
    const age = of(RUNBOOK.oldestMessage);
    expect(age).toHaveLength(2);
    for (const a of age) {
      expect(a.Properties).toMatchObject({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: service.observability.alarms.oldestMessageAgeSeconds,
      });
    }
  });
});
