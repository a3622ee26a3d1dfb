/**
 * The alarms, as data: the stack deploys them (lib/constructs/observability.ts)
 * and the local cloud evaluates them with CloudWatch's rules
 * (local/dashboard/alarm-evaluator.ts). Each watches one symptom: where
 * several resources show the same one (a function failing, a queue falling
 * behind), each resource has a silent alarm and one composite alarm over
 * them notifies, so an incident is one message that names the resource.
 */
import type { CompositeAlarmSpec, MetricAlarmSpec, MetricSpec } from './metric-types';
import { observability } from './observability';
import { stage } from './stage';

/** Anchors of docs/operations.md, one per symptom: what it means, what to do. */
export const RUNBOOK = {
  api5xxRate: 'api-5xx-rate',
  apiLatencyP99: 'api-p99-latency',
  lambdaErrors: 'lambda-errors',
  lambdaThrottles: 'lambda-throttles',
  dynamodbThrottles: 'dynamodb-throttles',
  dlqMessages: 'messages-in-a-dead-letter-queue',
  oldestMessage: 'age-of-the-oldest-message',
} as const;

const api = { ApiName: { ref: 'apiName' }, Stage: { ref: 'stage' } } as const;
const lambda = (name: string): MetricSpec => ({
  namespace: 'AWS/Lambda',
  name,
  dimensions: { FunctionName: { each: 'function' } },
  stat: 'Sum',
});
/** Read and write throttle events on the table and on each of its indexes. */
export const tableThrottles = (['Read', 'Write'] as const).flatMap((kind): MetricSpec[] => [
  {
    namespace: 'AWS/DynamoDB',
    name: `${kind}ThrottleEvents`,
    dimensions: { TableName: { ref: 'table' } },
    stat: 'Sum',
    label: `${kind.toLowerCase()} throttles (table)`,
  },
  {
    namespace: 'AWS/DynamoDB',
    name: `${kind}ThrottleEvents`,
    dimensions: { TableName: { ref: 'table' }, GlobalSecondaryIndexName: { each: 'index' } },
    stat: 'Sum',
    label: `${kind.toLowerCase()} throttles ({each})`,
  },
]);

const { serverErrorRatePercent, oldestMessageAgeSeconds } = observability.alarms;

export const metricAlarms = [
  {
    id: 'Api5xxRate',
    metric: {
      percent: { part: 'errors', whole: ['requests'] },
      metrics: {
        requests: { namespace: 'AWS/ApiGateway', name: 'Count', dimensions: api, stat: 'Sum' },
        errors: { namespace: 'AWS/ApiGateway', name: '5XXError', dimensions: api, stat: 'Sum' },
      },
      label: '5xx rate (%)',
    },
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: serverErrorRatePercent,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    description: `More than ${serverErrorRatePercent}% of API requests answered 5xx in 3 of the last 5 minutes.`,
    runbook: RUNBOOK.api5xxRate,
    notify: true,
  },
  {
    id: 'ApiLatencyP99',
    metric: { namespace: 'AWS/ApiGateway', name: 'Latency', dimensions: api, stat: 'p99' },
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: stage.latencyP99TargetMs,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    description: `API p99 latency over the ${stage.latencyP99TargetMs} ms target in 3 of the last 5 minutes.`,
    runbook: RUNBOOK.apiLatencyP99,
    notify: true,
  },
  {
    id: 'FunctionErrors',
    each: 'function',
    metric: lambda('Errors'),
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    description:
      'Function {each} failed an invocation (crash, timeout or unhandled error) in the last 5 minutes.',
    runbook: RUNBOOK.lambdaErrors,
    notify: false,
  },
  {
    // A function on the account's unreserved pool throttles only when the whole account
    // runs out, which the 5xx rate (API) and the age of the oldest message (workers) show.
    id: 'FunctionThrottles',
    each: 'function',
    only: 'reservedConcurrency',
    metric: lambda('Throttles'),
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    description: 'Function {each} was throttled at its reserved concurrency in the last 5 minutes.',
    runbook: RUNBOOK.lambdaThrottles,
    notify: false,
  },
  {
    id: 'DynamoDBThrottles',
    metric: { sum: tableThrottles, label: 'throttle events' },
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    description:
      'DynamoDB throttled reads or writes on the table or an index in the last 5 minutes.',
    runbook: RUNBOOK.dynamodbThrottles,
    notify: true,
  },
  {
    id: 'OldestMessage',
    each: 'queue',
    metric: {
      namespace: 'AWS/SQS',
      name: 'ApproximateAgeOfOldestMessage',
      dimensions: { QueueName: { each: 'queue' } },
      stat: 'Maximum',
    },
    periodSeconds: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: oldestMessageAgeSeconds,
    comparison: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    description: `A message in queue {each} has waited over ${oldestMessageAgeSeconds} s for 3 minutes: the workers are not keeping up.`,
    runbook: RUNBOOK.oldestMessage,
    notify: false,
  },
  {
    id: 'DeadLetters',
    each: 'deadLetterQueue',
    metric: {
      namespace: 'AWS/SQS',
      name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: { each: 'deadLetterQueue' } },
      stat: 'Maximum',
    },
    periodSeconds: 60,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    description: 'The dead-letter queue of {each} holds a message: a job failed every attempt.',
    runbook: RUNBOOK.dlqMessages,
    notify: false,
  },
] as const satisfies readonly MetricAlarmSpec[];

export type MetricAlarmId = (typeof metricAlarms)[number]['id'];

export const compositeAlarms = [
  {
    id: 'LambdaErrors',
    anyOf: ['FunctionErrors'],
    description: 'A function failed an invocation; the alarm in ALARM below this one names it.',
    runbook: RUNBOOK.lambdaErrors,
  },
  {
    id: 'LambdaThrottles',
    anyOf: ['FunctionThrottles'],
    description: 'A function was throttled at its reserved concurrency.',
    runbook: RUNBOOK.lambdaThrottles,
  },
  {
    id: 'JobsBehind',
    anyOf: ['OldestMessage'],
    description: `A job queue's oldest message has waited over ${oldestMessageAgeSeconds} s for 3 minutes.`,
    runbook: RUNBOOK.oldestMessage,
  },
  {
    id: 'JobsDeadLettered',
    anyOf: ['DeadLetters'],
    description: 'A dead-letter queue holds a message: a job failed every attempt.',
    runbook: RUNBOOK.dlqMessages,
  },
] as const satisfies readonly (CompositeAlarmSpec & { anyOf: readonly MetricAlarmId[] })[];

/** The threshold of an alarm, for the graphs that draw it. */
export function alarmThreshold(id: MetricAlarmId): number {
  const found = metricAlarms.find((a) => a.id === id);
  if (!found) throw new Error(`No alarm ${id}`);
  return found.threshold;
}
