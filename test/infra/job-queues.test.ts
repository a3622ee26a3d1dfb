import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostsApiStack } from '../../lib/posts-api-stack';
import { synthStack } from '../support/synth';
import {
  functions,
  queueNames,
  queueOfWorker,
  queuePhysicalNames,
  queues,
  workerOf,
  type FunctionName,
  type QueueName,
} from '../../lib/description';

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}
interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
  readonly Principal?: unknown;
}

let stack: PostsApiStack;
let resources: Record<string, CfnResource>;

beforeAll(() => {
  ({ stack } = synthStack());
  resources = synthStack().resources as Record<string, CfnResource>;
});

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
const queueId = (name: QueueName) => idOf(stack.jobQueues.byName[name].queue);
const dlqId = (name: QueueName) => idOf(stack.jobQueues.byName[name].deadLetter);
const functionId = (name: FunctionName) => idOf(stack.functions.byName[name]);
const resource = (id: string) => {
  const found = resources[id];
  if (!found) throw new Error(`no resource ${id}`);
  return found;
};
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.Ref === 'string') return [o.Ref];
    const getAtt = o['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
    return Object.values(o).flatMap(refs);
  }
  return [];
}

function mappingOf(queue: QueueName): Record<string, unknown> {
  const found = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) =>
    refs(m.Properties.EventSourceArn).includes(queueId(queue)),
  );
  expect(found).toHaveLength(1);
  return found[0]?.[1].Properties ?? {};
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function sqsStatements(fn: FunctionName): Statement[] {
  const [role] = refs(resource(functionId(fn)).Properties.Role);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => refs(p.Properties.Roles).includes(role ?? ''))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
}

describe.each(queueNames)('the %s queue', (name) => {
  const spec = queues[name];

  it('has its own DLQ after maxReceiveCount, its visibility timeout and retention, SSE', () => {
    const props = resource(queueId(name)).Properties;
    expect(props).toMatchObject({
      QueueName: queuePhysicalNames('TestStack', name).queue,
      VisibilityTimeout: spec.visibilityTimeoutSeconds,
      MessageRetentionPeriod: spec.retentionDays * 86_400,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(name), 'Arn'] },
        maxReceiveCount: spec.maxReceiveCount,
      },
    });
  });

  it('gives a job at least 5 receives before its DLQ (AWS suggests no fewer)', () => {
    const props = resource(queueId(name)).Properties as {
      RedrivePolicy: { maxReceiveCount: number };
    };
    expect(props.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
  });

  it('has a DLQ kept 14 days, encrypted, used by this queue only', () => {
    expect(resource(dlqId(name)).Properties).toEqual({
      QueueName: queuePhysicalNames('TestStack', name).deadLetter,
      MessageRetentionPeriod: 14 * 86_400,
      SqsManagedSseEnabled: true,
    });
    const users = ofType('AWS::SQS::Queue').filter(([, q]) =>
      refs(q.Properties.RedrivePolicy).includes(dlqId(name)),
    );
    expect(users.map(([id]) => id)).toEqual([queueId(name)]);
  });

  it('refuses anything but TLS, on the queue and its DLQ', () => {
    for (const id of [queueId(name), dlqId(name)]) {
      const policies = ofType('AWS::SQS::QueuePolicy').filter(([, p]) =>
        refs(p.Properties.Queues).includes(id),
      );
      const statements = policies.flatMap(
        ([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
      );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('triggers its worker with the described batching and partial batch responses', () => {
    const mapping = mappingOf(name);
    expect(refs(mapping.FunctionName)).toEqual([functionId(workerOf(name))]);
    expect(mapping.BatchSize).toBe(spec.batchSize);
    expect(mapping.MaximumBatchingWindowInSeconds ?? 0).toBe(spec.maxBatchingWindowSeconds);
    expect(mapping.ScalingConfig).toEqual({ MaximumConcurrency: spec.maxConcurrency });
    expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
  });

  it("gives its worker its limits, and a reserved concurrency the event source's cannot exceed", () => {
    const props = resource(functionId(workerOf(name))).Properties;
    expect(props.Timeout).toBe(spec.worker.timeoutSeconds);
    expect(props.MemorySize).toBe(spec.worker.memoryMb);
    expect(props.ReservedConcurrentExecutions).toBe(spec.worker.reservedConcurrency);
    expect(spec.worker.reservedConcurrency).toBeGreaterThanOrEqual(spec.maxConcurrency);
  });

  it('lets its worker consume it, send only to the queues it names, and nothing else on SQS', () => {
    const worker = workerOf(name);
    const statements = sqsStatements(worker);
    const own = statements.filter((s) => refs(s.Resource).includes(queueId(name)));
    expect(own.flatMap(actionsOf).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    for (const s of own) expect(refs(s.Resource)).toEqual([queueId(name)]);
    // The notifications fan-out sends to webhookDeliveries; every other worker sends nowhere.
    const others = statements.filter((s) => !own.includes(s));
    for (const s of others) {
      expect(actionsOf(s).sort()).toEqual([
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ]);
    }
    expect(others.flatMap((s) => refs(s.Resource)).sort()).toEqual(
      (functions[worker].sendsTo ?? []).map(queueId).sort(),
    );
  });
});

describe('every queue-triggered function', () => {
  it('has a visibility timeout at least 6 x its timeout, in the description and the template', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(queueNames.length);
    for (const name of queueNames) {
      const spec = queues[name];
      expect(spec.visibilityTimeoutSeconds, name).toBeGreaterThanOrEqual(
        6 * spec.worker.timeoutSeconds,
      );
    }
    for (const [, mapping] of mappings) {
      const [queue] = refs(mapping.Properties.EventSourceArn);
      const [fn] = refs(mapping.Properties.FunctionName);
      const visibility = resource(queue ?? '').Properties.VisibilityTimeout as number;
      const timeout = resource(fn ?? '').Properties.Timeout as number;
      expect(visibility, `${queue} -> ${fn}`).toBeGreaterThanOrEqual(6 * timeout);
    }
  });
});

describe('senders', () => {
  const all = Object.keys(functions) as FunctionName[];

  it.each(all.filter((fn) => !queueOfWorker(fn)))(
    '%s may send to the queues it names, and do nothing else on SQS',
    (fn) => {
      const sendsTo = functions[fn].sendsTo ?? [];
      const statements = sqsStatements(fn);
      if (functions[fn].uses?.includes('queue-status')) {
        // The health check: it reads every queue's attributes, and may do nothing else.
        for (const s of statements) expect(actionsOf(s)).toEqual(['sqs:GetQueueAttributes']);
        expect(statements.flatMap((s) => refs(s.Resource)).sort()).toEqual(
          queueNames.map(queueId).sort(),
        );
        return;
      }
      if (sendsTo.length === 0) return expect(statements).toEqual([]);
      for (const s of statements) {
        expect(actionsOf(s).sort()).toEqual([
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:SendMessage',
        ]);
      }
      expect(statements.flatMap((s) => refs(s.Resource)).sort()).toEqual(
        sendsTo.map(queueId).sort(),
      );
    },
  );

  it('POST /posts and the sweeper are told the analytics, notifications and image queues, /analyze the text one, the notifications worker the deliveries one', () => {
    // The deployed environment: each *_QUEUE_URL variable, and the queue it refers to.
    const told = (fn: FunctionName) => {
      const variables = (
        resource(functionId(fn)).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      return Object.fromEntries(
        Object.entries(variables)
          .filter(([name]) => name.endsWith('_QUEUE_URL'))
          .map(([name, value]) => [name, refs(value)]),
      );
    };
    const postQueues = {
      ANALYTICS_QUEUE_URL: [queueId('analytics')],
      NOTIFICATIONS_QUEUE_URL: [queueId('notifications')],
      IMAGE_QUEUE_URL: [queueId('image')],
    };
    expect(told('createPost')).toEqual(postQueues);
    expect(told('sweepFollowUps')).toEqual(postQueues);
    expect(told('analyzeText')).toEqual({ TEXT_ANALYSIS_QUEUE_URL: [queueId('textAnalysis')] });
    // Its own queue too: a worker changes the visibility of the messages it retries later.
    expect(told('notificationsWorker')).toEqual({
      NOTIFICATIONS_QUEUE_URL: [queueId('notifications')],
      WEBHOOK_DELIVERIES_QUEUE_URL: [queueId('webhookDeliveries')],
    });
  });
});

describe('the sweeper', () => {
  it('runs on an EventBridge schedule, and only EventBridge may invoke it that way', () => {
    // One rule per scheduled function (the sweeper, and the cache prober).
    const scheduled = (Object.keys(functions) as FunctionName[]).filter(
      (name) => functions[name].schedule,
    );
    expect(scheduled).toContain('sweepFollowUps');
    const rules = ofType('AWS::Events::Rule');
    expect(rules).toHaveLength(scheduled.length);
    const permissions = ofType('AWS::Lambda::Permission').filter(
      ([, p]) => p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions).toHaveLength(scheduled.length);
    for (const name of scheduled) {
      const rate = functions[name].schedule?.rateMinutes ?? 0;
      const [ruleId, rule] =
        rules.find(([, r]) =>
          (r.Properties.Targets as { Arn: unknown }[]).some(
            (t) => refs(t.Arn)[0] === functionId(name),
          ),
        ) ?? [];
      expect(rule?.Properties.ScheduleExpression, name).toBe(
        `rate(${rate} ${rate === 1 ? 'minute' : 'minutes'})`,
      );
      const permission = permissions.find(
        ([, p]) => refs(p.Properties.FunctionName)[0] === functionId(name),
      );
      expect(refs(permission?.[1].Properties.SourceArn), name).toEqual([ruleId]);
    }
  });
});
