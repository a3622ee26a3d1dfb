import { App, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCdkNotificationsHandler } from '../support/cdk-notifications-handler';
import { EventSourceConcurrency } from '../../lib/event-source-concurrency';
import { PostsApiStack } from '../../lib/posts-api-stack';
import { functions, routes, service } from '../../lib/description';
import { dashboardBody, referencedIds, synthStack } from '../support/synth';

const allOn = { apiKeys: 'on', waf: 'on', tracing: 'on', alarmEmail: 'ops@example.com' };
let off: ReturnType<typeof synthStack>;
let on: ReturnType<typeof synthStack>;

beforeAll(() => {
  off = synthStack();
  on = synthStack(allOn);
});

function acknowledged(root: IConstruct): string[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.keys(m.data as Record<string, string>)),
    )
    .map((id) => id.replace(/^annotation::/i, ''));
}

const methods = (s: typeof off) => s.ofType('AWS::ApiGateway::Method').map(([, m]) => m.Properties);
/** The described functions (CDK's bucket-notifications handler is not one). */
const described = (s: typeof off) =>
  s.ofType('AWS::Lambda::Function').filter(([id]) => !isCdkNotificationsHandler(id));
const lambdas = (s: typeof off) => described(s).map(([, f]) => f.Properties);

describe('throttling', () => {
  interface MethodSetting {
    readonly HttpMethod: string;
    readonly ResourcePath: string;
    readonly ThrottlingRateLimit: number;
    readonly ThrottlingBurstLimit: number;
  }
  /** The deployed stage's throttle for a route: its own method setting, or the stage's `/*`. */
  const effective = (r: (typeof routes)[number]) => {
    const [[, stage] = []] = off.ofType('AWS::ApiGateway::Stage');
    const settings = (stage?.Properties.MethodSettings ?? []) as MethodSetting[];
    const path = `/${r.path.replace(/\//g, '~1')}`;
    const own = settings.find((m) => m.HttpMethod === r.method && m.ResourcePath === path);
    const stageWide = settings.find((m) => m.HttpMethod === '*' && m.ResourcePath === '/*');
    const setting = own ?? stageWide;
    if (!setting) throw new Error(`no throttle deployed for ${r.method} ${r.path}`);
    return { rateLimit: setting.ThrottlingRateLimit, burstLimit: setting.ThrottlingBurstLimit };
  };

  it("deploys each route's described throttle, and the stage's for the rest", () => {
    for (const route of routes) {
      expect(effective(route), `${route.method} ${route.path}`).toEqual(
        route.throttle ?? service.api.throttle,
      );
    }
  });

  it('throttles every write route tighter than any read', () => {
    const reads = routes.filter((r) => r.method === 'GET');
    const writes = routes.filter((r) => r.method !== 'GET');
    expect(writes.length).toBeGreaterThan(0);
    for (const w of writes) {
      for (const r of reads) {
        expect(effective(w).rateLimit, `${w.method} ${w.path}`).toBeLessThan(
          effective(r).rateLimit,
        );
      }
    }
  });

  it("limits every signed-in route per caller below the route's burst, so no caller drains it", () => {
    for (const route of routes.filter((r) => r.auth)) {
      const what = `${route.method} ${route.path}`;
      expect(route.callerLimit, what).toBeDefined();
      expect(route.callerLimit?.requests ?? Infinity, what).toBeLessThan(
        effective(route).burstLimit,
      );
    }
  });

  it('limits POST /analyze (CPU-heavy work) tightest per caller of all', () => {
    const perSecond = (r: (typeof routes)[number]) =>
      (r.callerLimit?.requests ?? Infinity) / (r.callerLimit?.windowSeconds ?? 1);
    const analyze = routes.find((r) => r.method === 'POST' && r.path === '/analyze');
    expect(analyze).toBeDefined();
    for (const other of routes.filter((r) => r.auth && r !== analyze)) {
      expect(perSecond(analyze as (typeof routes)[number])).toBeLessThanOrEqual(perSecond(other));
    }
  });

  it('adds no usage plans or API keys by default', () => {
    off.template.resourceCountIs('AWS::ApiGateway::UsagePlan', 0);
    for (const m of methods(off)) expect(m.ApiKeyRequired).toBeUndefined();
  });

  it('with -c apiKeys=on: a usage plan per described plan, on the stage, and keys required', () => {
    const plans = on.ofType('AWS::ApiGateway::UsagePlan').map(([, p]) => p.Properties);
    expect(plans.map((p) => p.UsagePlanName).sort()).toEqual(
      Object.keys(service.api.usagePlans)
        .map((name) => `${service.name}-${name}`)
        .sort(),
    );
    const stageId = on.stack.getLogicalId(
      on.stack.api.restApi.deploymentStage.node.defaultChild as CfnElement,
    );
    for (const [name, plan] of Object.entries(service.api.usagePlans)) {
      const props = plans.find((p) => p.UsagePlanName === `${service.name}-${name}`);
      expect(props).toMatchObject({
        Throttle: { RateLimit: plan.throttle.rateLimit, BurstLimit: plan.throttle.burstLimit },
        Quota: { Limit: plan.quota.limit, Period: plan.quota.period },
      });
      expect(referencedIds(props?.ApiStages)).toContain(stageId);
      // A client may not be allowed more than the whole stage.
      expect(plan.throttle.rateLimit).toBeLessThanOrEqual(service.api.throttle.rateLimit);
    }
    // Every route, and the stage's own description (GET /openapi.json).
    expect(methods(on)).toHaveLength(routes.length + 1);
    for (const m of methods(on)) expect(m.ApiKeyRequired).toBe(true);
  });
});

describe('WAF', () => {
  it('is on by default; -c waf=off leaves it out, and cdk-nag APIG3 is acknowledged with its reason', () => {
    off.template.resourceCountIs('AWS::WAFv2::WebACL', 1);
    expect(acknowledged(off.stack)).not.toContain('AwsSolutions-APIG3');
    const dev = synthStack({ waf: 'off' });
    dev.template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(acknowledged(dev.stack)).toContain('AwsSolutions-APIG3');
  });

  it('counts and refuses the public reads only: GET without sign-in, with or without the stage', () => {
    const [[, acl] = []] = off.ofType('AWS::WAFv2::WebACL');
    const rule = (acl?.Properties.Rules as { Statement: Record<string, unknown> }[])[0];
    const scope = (
      rule?.Statement.RateBasedStatement as {
        ScopeDownStatement: { AndStatement: { Statements: Record<string, unknown>[] } };
      }
    ).ScopeDownStatement.AndStatement.Statements;
    expect(scope[0]).toMatchObject({
      ByteMatchStatement: { FieldToMatch: { Method: {} }, SearchString: 'GET' },
    });
    const regex = new RegExp(
      (scope[1] as { RegexMatchStatement: { RegexString: string } }).RegexMatchStatement
        .RegexString,
    );
    const id = '3f0e3a56-9b7c-4d43-9f0e-5f5e5f5e5f5e';
    const concrete = (path: string) => path.replace(/\{[^}]+\}/g, id);
    for (const r of routes.filter((r) => r.method === 'GET')) {
      for (const path of [concrete(r.path), `/${service.api.stageName}${concrete(r.path)}`]) {
        // Signed-in reads are limited per user instead: never counted per address.
        expect(regex.test(path), path).toBe(!r.auth);
      }
    }
    expect(regex.test('/v1/posts/x/y')).toBe(false);
  });

  it('with -c waf=on: a per-IP rate-based rule from the description, on the stage', () => {
    const [[aclId, acl] = []] = on.ofType('AWS::WAFv2::WebACL');
    expect(acl?.Properties).toMatchObject({
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: [
        {
          Statement: {
            RateBasedStatement: {
              Limit: service.api.waf.requestsPerIp,
              EvaluationWindowSec: service.api.waf.windowSeconds,
              AggregateKeyType: 'IP',
            },
          },
          Action: {
            Block: {
              CustomResponse: expect.objectContaining({
                ResponseCode: 429,
                ResponseHeaders: [
                  { Name: 'Retry-After', Value: String(service.api.waf.retryAfterSeconds) },
                  { Name: 'X-Content-Type-Options', Value: 'nosniff' },
                ],
              }),
            },
          },
        },
      ],
    });
    const [[, association] = []] = on.ofType('AWS::WAFv2::WebACLAssociation');
    expect(referencedIds(association?.Properties.WebACLArn)).toEqual([aclId]);
    const stageId = on.stack.getLogicalId(
      on.stack.api.restApi.deploymentStage.node.defaultChild as CfnElement,
    );
    expect(referencedIds(association?.Properties.ResourceArn)).toContain(stageId);
  });

  it('with -c waf=on: APIG3 needs no acknowledgment, and cdk-nag finds nothing', () => {
    expect(acknowledged(on.stack)).not.toContain('AwsSolutions-APIG3');
    const report = new AwsSolutionsChecks(on.app, { verbose: true }).validateScope(on.stack);
    expect(report.violations).toEqual([]);
  });

  it('with -c waf=on: the dashboard shows what the rule blocked', () => {
    const [[, dashboard] = []] = on.ofType('AWS::CloudWatch::Dashboard');
    const titles = dashboardBody(dashboard?.Properties.DashboardBody).widgets.map(
      (w) => w.properties.title,
    );
    expect(titles).toContain('Requests blocked by WAF (rate per IP)');
  });
});

describe('tracing', () => {
  it('is off by default: no active tracing, no X-Ray permissions', () => {
    for (const f of lambdas(off)) expect(f.TracingConfig).toBeUndefined();
    off.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: Match.absent(),
    });
    expect(JSON.stringify(off.template.toJSON())).not.toContain('xray:');
  });

  it('with -c tracing=on: every function and the stage trace, each role may send segments', () => {
    const fns = lambdas(on);
    expect(fns).toHaveLength(Object.keys(functions).length);
    for (const f of fns) expect(f.TracingConfig).toEqual({ Mode: 'Active' });
    on.template.hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: true });
    for (const [, f] of described(on)) {
      const role = referencedIds(f.Properties.Role)[0];
      const statements = on
        .ofType('AWS::IAM::Policy')
        .filter(([, p]) => referencedIds(p.Properties.Roles).includes(role ?? ''))
        .flatMap(
          ([, p]) =>
            (p.Properties.PolicyDocument as { Statement: { Action: unknown }[] }).Statement,
        );
      expect(statements).toContainEqual(
        expect.objectContaining({
          Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
          Resource: '*',
        }),
      );
    }
  });
});

describe('alarm email', () => {
  it('with -c alarmEmail=...: the alarm topic emails that address', () => {
    const [[topicId] = []] = on.ofType('AWS::SNS::Topic');
    on.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: allOn.alarmEmail,
      TopicArn: { Ref: topicId },
    });
  });

  it('refuses a flag value it does not know, rather than deploying something else', () => {
    const app = (context: Record<string, string>) =>
      new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
    expect(() => new PostsApiStack(app({ waf: 'yes' }), 'S')).toThrow(/use on or off/);
    expect(() => new PostsApiStack(app({ alarmEmail: 'not-an-address' }), 'S')).toThrow(
      /not an email address/,
    );
  });
});

describe('logs', () => {
  it('keeps every log group for the described retention, whatever the flags', () => {
    for (const s of [off, on]) {
      const groups = s.ofType('AWS::Logs::LogGroup');
      expect(groups.length).toBeGreaterThan(0);
      for (const [id, group] of groups) {
        expect(group.Properties.RetentionInDays, id).toBe(service.logRetentionDays);
      }
    }
  });

  it('access-logs request id, IP, route, status, latencies and why API Gateway refused', () => {
    const [[, stage] = []] = on.ofType('AWS::ApiGateway::Stage');
    const format = JSON.parse(
      (stage?.Properties.AccessLogSetting as { Format: string }).Format,
    ) as Record<string, string>;
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      errorType: '$context.error.responseType',
      apiKeyId: '$context.identity.apiKeyId',
      wafResponseCode: '$context.wafResponseCode',
    });
  });
});

describe('reserved concurrency on queue-triggered workers', () => {
  function workerStack(options: { reserved?: number; maxConcurrency?: number }) {
    const stack = new Stack(new App(), 'Workers');
    const fn = new lambda.Function(stack, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
      reservedConcurrentExecutions: options.reserved,
    });
    fn.addEventSource(
      new sources.SqsEventSource(new sqs.Queue(stack, 'Jobs'), {
        maxConcurrency: options.maxConcurrency,
      }),
    );
    return new EventSourceConcurrency(stack).validate();
  }

  it('refuses a worker an event source triggers without reserved concurrency', () => {
    expect(workerStack({})).toEqual([expect.stringMatching(/Worker.*has no reserved concurrency/)]);
    expect(workerStack({ reserved: 2 })).toEqual([]);
  });

  it('refuses an event source allowed more concurrency than the worker reserves', () => {
    expect(workerStack({ reserved: 2, maxConcurrency: 5 })).toEqual([
      expect.stringMatching(/maximum concurrency 5 is over .*reserved 2/),
    ]);
    expect(workerStack({ reserved: 5, maxConcurrency: 5 })).toEqual([]);
  });

  it('holds in the real stack: every function an event source triggers has reserved concurrency', () => {
    const byId = Object.fromEntries(off.ofType('AWS::Lambda::Function'));
    for (const [, mapping] of off.ofType('AWS::Lambda::EventSourceMapping')) {
      const [target] = referencedIds(mapping.Properties.FunctionName);
      expect(byId[target ?? '']?.Properties.ReservedConcurrentExecutions).toBeGreaterThan(0);
    }
    expect(new EventSourceConcurrency(off.stack).validate()).toEqual([]);
  });
});

describe('-c cognitoPlan', () => {
  const poolOf = (s: ReturnType<typeof synthStack>) =>
    s.ofType('AWS::Cognito::UserPool')[0]?.[1].Properties;

  it('is Plus by default, with threat protection enforced', () => {
    expect(poolOf(off)).toMatchObject({
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('deploys Essentials when asked: no threat protection, a lower price per user', () => {
    const essentials = synthStack({ cognitoPlan: 'essentials' });
    const pool = poolOf(essentials);
    expect(pool?.UserPoolTier).toBe('ESSENTIALS');
    expect(pool?.UserPoolAddOns).toBeUndefined();
    expect(acknowledged(essentials.stack)).toContain('AwsSolutions-COG3');
  });

  it('refuses a plan it does not know', () => {
    expect(() => synthStack({ cognitoPlan: 'lite' })).toThrow(/cognitoPlan=lite/);
  });
});
