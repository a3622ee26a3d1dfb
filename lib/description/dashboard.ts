/**
 * The dashboard, as data: rows of graphs, each a list of metrics as
 * CloudWatch names them. The stack builds the CloudWatch dashboard from it
 * (lib/constructs/observability.ts) and the local dashboard draws the same
 * graphs, in the same order, from what the local cloud sees
 * (local/dashboard/). A metric here must be one something emits:
 * test/infra/dashboard-description.test.ts holds every custom one to a
 * function that writes it, with those dimensions.
 */
import { alarmThreshold, tableThrottles } from './alarms';
import { functions } from './functions';
import type { FunctionSpec } from './types';
import type { DimensionValue, GraphSpec, MetricSpec, RowSpec, Statistic } from './metric-types';
import { metricsNamespace, observability } from './observability';
import { stage } from './stage';

/** One-minute points: the finest Lambda and API Gateway give by default. */
const period = 60;

const api = { ApiName: { ref: 'apiName' }, Stage: { ref: 'stage' } } as const;
const apiMetric = (name: string, stat: Statistic, label: string): MetricSpec => ({
  namespace: 'AWS/ApiGateway',
  name,
  dimensions: api,
  stat,
  label,
});
const perFunction = (name: string, stat: Statistic): MetricSpec => ({
  namespace: 'AWS/Lambda',
  name,
  dimensions: { FunctionName: { each: 'function' } },
  stat,
});
/** A metric the handlers publish through Powertools: `service`, and maybe one bounded dimension. */
export const custom = (
  name: string,
  stat: Statistic,
  label?: string,
  per?: Record<string, DimensionValue>,
): MetricSpec => ({
  namespace: metricsNamespace,
  name,
  dimensions: { service: { ref: 'service' }, ...per },
  stat,
  ...(label ? { label } : {}),
});
const perFunctionCustom = (name: string, stat: Statistic) =>
  custom(name, stat, undefined, { function_name: { nameOf: 'function' } });
const perJobKind = (name: string, stat: Statistic, label: string) =>
  custom(name, stat, label, { JobKind: { each: 'jobKind' } });
const queueMetric = (name: string, of: 'queue' | 'deadLetterQueue', label: string): MetricSpec => ({
  namespace: 'AWS/SQS',
  name,
  dimensions: { QueueName: { each: of } },
  stat: 'Maximum',
  label,
});
const graph = (
  title: string,
  left: GraphSpec['left'],
  more: Partial<GraphSpec> = {},
): GraphSpec => ({
  title,
  left,
  periodSeconds: period,
  ...more,
});

const budgets = [
  ...new Set(
    Object.values(functions as Record<string, FunctionSpec>).map(
      (f) => f.blockingBudgetMs ?? observability.blockingBudgetMs,
    ),
  ),
].map((value) => ({ value, label: `budget ${value} ms` }));

export const dashboard: readonly RowSpec[] = [
  {
    title: 'API Gateway',
    subtitle: `stage \`${stage.stageName}\``,
    graphs: [
      graph('API requests', [
        apiMetric('Count', 'Sum', 'requests'),
        apiMetric('4XXError', 'Sum', '4xx'),
        apiMetric('5XXError', 'Sum', '5xx'),
      ]),
      graph(
        'API latency (ms)',
        [
          apiMetric('Latency', 'p50', 'latency p50'),
          apiMetric('Latency', 'p90', 'latency p90'),
          apiMetric('Latency', 'p99', 'latency p99'),
          apiMetric('IntegrationLatency', 'p50', 'integration p50'),
          apiMetric('IntegrationLatency', 'p99', 'integration p99'),
        ],
        {
          annotations: [
            {
              value: alarmThreshold('ApiLatencyP99'),
              label: `p99 target ${stage.latencyP99TargetMs} ms`,
            },
          ],
        },
      ),
      graph(
        'API 5xx rate (%)',
        [
          {
            percent: { part: 'errors', whole: ['requests'] },
            metrics: {
              requests: apiMetric('Count', 'Sum', 'requests'),
              errors: apiMetric('5XXError', 'Sum', '5xx'),
            },
            label: '5xx rate (%)',
          },
        ],
        { annotations: [{ value: alarmThreshold('Api5xxRate'), label: 'alarm' }] },
      ),
      graph(
        'Requests blocked by WAF (rate per IP)',
        [
          {
            namespace: 'AWS/WAFV2',
            name: 'BlockedRequests',
            dimensions: {
              WebACL: { ref: 'webAcl' },
              Rule: { ref: 'wafRule' },
              Region: { ref: 'region' },
            },
            stat: 'Sum',
            label: 'blocked',
          },
        ],
        { when: 'waf' },
      ),
    ],
  },
  {
    title: 'Lambda',
    subtitle: 'one line per function',
    graphs: [
      graph('Invocations', [perFunction('Invocations', 'Sum')]),
      graph('Errors', [perFunction('Errors', 'Sum')], { stacked: true }),
      graph('Throttles', [perFunction('Throttles', 'Sum')], { stacked: true }),
      graph('Duration p99 (ms)', [perFunction('Duration', 'p99')]),
      graph('Concurrent executions (max)', [perFunction('ConcurrentExecutions', 'Maximum')]),
      graph('Cold starts', [perFunctionCustom('ColdStart', 'Sum')], { stacked: true }),
      graph('Event loop delay max (ms)', [perFunctionCustom('EventLoopDelayMax', 'Maximum')], {
        annotations: budgets,
      }),
      graph('Deadline exceeded (answered 504)', [perFunctionCustom('DeadlineExceeded', 'Sum')]),
    ],
  },
  {
    title: 'Jobs',
    subtitle: 'queues, their dead-letter queues and the workers',
    graphs: [
      graph(
        'Visible messages',
        [queueMetric('ApproximateNumberOfMessagesVisible', 'queue', '{each}')],
        { when: 'queues' },
      ),
      graph(
        'Age of oldest message (s)',
        [queueMetric('ApproximateAgeOfOldestMessage', 'queue', '{each}')],
        {
          when: 'queues',
          annotations: [{ value: alarmThreshold('OldestMessage'), label: 'alarm' }],
        },
      ),
      graph(
        'Dead-letter queue depth',
        [queueMetric('ApproximateNumberOfMessagesVisible', 'deadLetterQueue', '{each} DLQ')],
        { when: 'queues', annotations: [{ value: alarmThreshold('DeadLetters'), label: 'alarm' }] },
      ),
      graph('Jobs', [
        { sum: [perJobKind('JobsEnqueued', 'Sum', 'enqueued {each}')], label: 'enqueued' },
        { sum: [perJobKind('JobsSucceeded', 'Sum', 'succeeded {each}')], label: 'succeeded' },
        { sum: [perJobKind('JobsFailed', 'Sum', 'failed {each}')], label: 'failed' },
      ]),
      graph('Job latency p99, enqueue to done (ms)', [perJobKind('JobLatency', 'p99', '{each}')]),
    ],
  },
  {
    title: 'DynamoDB',
    subtitle: 'the posts table and its indexes',
    graphs: [
      graph('DynamoDB throttles', tableThrottles, { stacked: true }),
      graph('DynamoDB request latency p99 (ms)', [
        {
          namespace: 'AWS/DynamoDB',
          name: 'SuccessfulRequestLatency',
          dimensions: { TableName: { ref: 'table' }, Operation: { each: 'tableOperation' } },
          stat: 'p99',
        },
      ]),
      graph('DynamoDB latency seen by the functions (ms)', [
        custom('DynamoDBLatency', 'p50', 'p50'),
        custom('DynamoDBLatency', 'p99', 'p99'),
      ]),
    ],
  },
  {
    title: 'Cache and partner API',
    subtitle: 'degrade, never fail',
    graphs: [
      graph('Cache hit ratio (%)', [
        {
          percent: { part: 'hits', whole: ['hits', 'misses'] },
          metrics: { hits: custom('CacheHit', 'Sum'), misses: custom('CacheMiss', 'Sum') },
          label: 'hit ratio',
        },
      ]),
      graph(
        'Cache errors and latency',
        [custom('CacheError', 'Sum', 'errors (served from the table)')],
        { right: [custom('CacheLatency', 'p99', 'latency p99 (ms)')] },
      ),
      graph(
        'Partner API and breaker',
        [
          custom('PartnerErrors', 'Sum', 'partner errors'),
          custom('BreakerOpen', 'Sum', 'breaker open'),
        ],
        { right: [custom('PartnerCallLatency', 'p99', 'latency p99 (ms)')] },
      ),
    ],
  },
];
