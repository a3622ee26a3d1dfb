import type { CfnElement } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCdkNotificationsHandler } from '../support/cdk-notifications-handler';
import { synthStack, synthesize } from '../support/synth';
import {
  functions,
  internetDependencies,
  service,
  type Dependency,
  type FunctionName,
  type FunctionSpec,
} from '../../lib/description';

interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DeletionPolicy?: string;
}

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

const functionNames = Object.keys(functions) as FunctionName[];
const uses = (name: FunctionName, d: Dependency) => (functions[name].uses ?? []).includes(d);
const cacheFunctions = functionNames.filter((n) => uses(n, 'cache'));
const internetFunctions = functionNames.filter((n) => internetDependencies.some((d) => uses(n, d)));

function synth(context: Record<string, string> = {}, build = synthStack) {
  const { app, stack, template } = build(context);
  const resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const logicalId = (c: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(c.node.defaultChild as CfnElement);
  const fn = (name: FunctionName) => {
    const found = resources[logicalId(stack.functions.byName[name])];
    if (!found) throw new Error(name);
    return found.Properties;
  };
  const statementsOf = (name: FunctionName): Statement[] => {
    const [role] = refs(fn(name).Role);
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => refs(p.Properties.Roles).includes(role ?? ''))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };
  return { app, stack, template, resources, ofType, logicalId, fn, statementsOf };
}

/** Every logical id a fragment of template refers to (Ref and Fn::GetAtt). */
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

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('the cache (default: cache on)', () => {
  let s: ReturnType<typeof synth>;
  beforeAll(() => {
    s = synth();
  });

  it('is one ElastiCache Serverless cache for Valkey, in the isolated subnets, its own group', () => {
    const caches = s.ofType('AWS::ElastiCache::ServerlessCache');
    expect(caches).toHaveLength(1);
    const [[cacheId, cache] = []] = caches;
    const props = cache?.Properties ?? {};
    expect(props).toMatchObject({
      Engine: 'valkey',
      MajorEngineVersion: service.cache.majorEngineVersion,
      CacheUsageLimits: {
        DataStorage: { Maximum: service.cache.usageLimits.maxDataStorageGb, Unit: 'GB' },
        ECPUPerSecond: { Maximum: service.cache.usageLimits.maxEcpuPerSecond },
      },
    });
    expect(props.ServerlessCacheName).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
    const subnets = refs(props.SubnetIds);
    expect(subnets).toHaveLength(2);
    for (const subnet of subnets) {
      expect(s.resources[subnet]?.Properties.MapPublicIpOnLaunch).toBe(false);
    }
    expect(refs(props.SecurityGroupIds)).toEqual([s.logicalId(s.stack.cache!.network.cache)]);
    expect(s.resources[cacheId ?? '']?.DeletionPolicy).toBe('Delete');
  });

  it('authenticates with IAM: one IAM-mode user, alone in the cache user group, on its own keys', () => {
    const [[userId, user] = []] = s.ofType('AWS::ElastiCache::User');
    expect(user?.Properties).toMatchObject({
      Engine: 'valkey',
      AuthenticationMode: { Type: 'iam' },
      AccessString: `on ~${service.name}:* -@all +get +set +del +ping`,
    });
    expect(user?.Properties.UserId).toBe(user?.Properties.UserName);
    const [[groupId, group] = []] = s.ofType('AWS::ElastiCache::UserGroup');
    expect(group?.Properties.UserIds).toEqual([user?.Properties.UserId]);
    const [[, cache] = []] = s.ofType('AWS::ElastiCache::ServerlessCache');
    expect(cache?.Properties.UserGroupId).toEqual({ Ref: groupId });
    expect(userId).toBeDefined();
  });

  it('is reached over TLS, with the user and cache names the token is signed for', () => {
    for (const name of cacheFunctions) {
      const variables = (s.fn(name).Environment as { Variables: Record<string, unknown> })
        .Variables;
      const url = variables.CACHE_URL as { 'Fn::Join': [string, unknown[]] };
      expect(url['Fn::Join'][1][0]).toBe('rediss://');
      const [[, user] = []] = s.ofType('AWS::ElastiCache::User');
      const [[, cache] = []] = s.ofType('AWS::ElastiCache::ServerlessCache');
      expect(variables.CACHE_USER).toBe(user?.Properties.UserId);
      expect(variables.CACHE_NAME).toBe(cache?.Properties.ServerlessCacheName);
    }
  });
});

describe('the VPC (cache on)', () => {
  let s: ReturnType<typeof synth>;
  beforeAll(() => {
    s = synth();
  });

  it('has isolated subnets only: no internet gateway, no NAT, no route out', () => {
    s.template.resourceCountIs('AWS::EC2::VPC', 1);
    for (const type of [
      'AWS::EC2::InternetGateway',
      'AWS::EC2::NatGateway',
      'AWS::EC2::EIP',
      'AWS::EC2::Route',
      'AWS::EC2::EgressOnlyInternetGateway',
    ]) {
      expect(s.ofType(type), type).toHaveLength(0);
    }
    const subnets = s.ofType('AWS::EC2::Subnet');
    expect(subnets).toHaveLength(2);
    for (const [, subnet] of subnets) expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
  });

  it('logs its flows for the described retention', () => {
    const [[, flowLog] = []] = s.ofType('AWS::EC2::FlowLog');
    expect(flowLog?.Properties).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL' });
    const [group] = refs(flowLog?.Properties.LogGroupName);
    expect(s.resources[group ?? '']?.Properties.RetentionInDays).toBe(service.logRetentionDays);
  });

  it('keeps DynamoDB (gateway endpoint) for the functions in it, and no interface endpoint', () => {
    const endpoints = s.ofType('AWS::EC2::VPCEndpoint').map(([, e]) => e.Properties);
    expect(endpoints).toHaveLength(1);
    const [gateway] = endpoints;
    expect(gateway?.VpcEndpointType).toBe('Gateway');
    expect(JSON.stringify(gateway?.ServiceName)).toContain('.dynamodb');
    expect(refs(gateway?.RouteTableIds)).toHaveLength(2);
    // An interface endpoint bills by the hour in each AZ: none is paid for a health check.
    expect(endpoints.filter((e) => e.VpcEndpointType === 'Interface')).toEqual([]);
  });

  it('has no function in the VPC that calls SQS (the health check included), so none needs an endpoint', () => {
    const inVpc = functionNames.filter((name) => s.fn(name).VpcConfig !== undefined);
    expect(inVpc).toContain('cacheProbe');
    expect(inVpc).not.toContain('health');
    for (const name of inVpc) {
      const sqs = s
        .statementsOf(name)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('sqs:'));
      expect(sqs, name).toEqual([]);
    }
  });

  it('admits only the cache functions, to the cache on its ports', () => {
    const { network } = s.stack.cache!;
    const functionGroup = s.logicalId(network.functions);
    const ingress = s.ofType('AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
    expect(ingress).toHaveLength(1);
    for (const rule of ingress) {
      expect(refs(rule.SourceSecurityGroupId)).toEqual([functionGroup]);
      expect(rule.CidrIp).toBeUndefined();
    }
    const toCache = ingress.find((r) => refs(r.GroupId)[0] === s.logicalId(network.cache));
    expect(toCache).toMatchObject({
      IpProtocol: 'tcp',
      FromPort: service.cache.port,
      ToPort: service.cache.port + 1,
    });
    // No group takes inline ingress from anywhere.
    for (const [, group] of s.ofType('AWS::EC2::SecurityGroup')) {
      expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    }
  });

  it('puts exactly the functions that use the cache in it, none that calls the internet', () => {
    const functionGroup = s.logicalId(s.stack.cache!.network.functions);
    const inVpc = functionNames.filter((name) => s.fn(name).VpcConfig !== undefined);
    expect(inVpc.sort()).toEqual([...cacheFunctions].sort());
    expect(inVpc.filter((n) => internetFunctions.includes(n))).toEqual([]);
    expect(internetFunctions).toContain('externalData');
    for (const name of inVpc) {
      const vpc = s.fn(name).VpcConfig as { SecurityGroupIds: unknown; SubnetIds: unknown };
      expect(refs(vpc.SecurityGroupIds)).toEqual([functionGroup]);
      expect(refs(vpc.SubnetIds)).toHaveLength(2);
    }
  });

  it('lets only the cache functions connect, as the cache user, with their network interfaces', () => {
    const [[cacheId] = []] = s.ofType('AWS::ElastiCache::ServerlessCache');
    const [[userId] = []] = s.ofType('AWS::ElastiCache::User');
    for (const name of functionNames) {
      const statements = s.statementsOf(name);
      const connect = statements.filter((st) => actionsOf(st).includes('elasticache:Connect'));
      const eni = statements.filter((st) => actionsOf(st).includes('ec2:CreateNetworkInterface'));
      if (cacheFunctions.includes(name)) {
        expect(connect.flatMap(actionsOf)).toEqual(['elasticache:Connect']);
        expect(refs(connect.map((st) => st.Resource)).sort()).toEqual([cacheId, userId].sort());
        expect(eni).toHaveLength(1);
      } else {
        expect(connect, name).toEqual([]);
        expect(eni, name).toEqual([]);
        expect(statements.flatMap(actionsOf).some((a) => a.startsWith('elasticache:'))).toBe(false);
      }
    }
  });

  it('names the cache in the outputs, for npm run ops -- cache-status', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    const [[, cache] = []] = s.ofType('AWS::ElastiCache::ServerlessCache');
    expect(outputs.CacheName?.Value).toBe(cache?.Properties.ServerlessCacheName);
  });
});

describe('-c cache=off', () => {
  let s: ReturnType<typeof synth>;
  beforeAll(() => {
    s = synth({ cache: 'off' });
  });

  it('synthesizes with no cache, no VPC, no endpoints and no security groups', () => {
    for (const type of [
      'AWS::ElastiCache::ServerlessCache',
      'AWS::ElastiCache::User',
      'AWS::ElastiCache::UserGroup',
      'AWS::EC2::VPC',
      'AWS::EC2::Subnet',
      'AWS::EC2::VPCEndpoint',
      'AWS::EC2::SecurityGroup',
      'AWS::EC2::FlowLog',
    ]) {
      expect(s.ofType(type), type).toHaveLength(0);
    }
    expect(s.stack.cache).toBeUndefined();
    const outputs = s.template.toJSON().Outputs as Record<string, unknown>;
    expect(outputs.CacheName).toBeUndefined();
  });

  it('keeps every function, outside any VPC, without cache settings or permissions', () => {
    const lambdas = Object.entries(
      s.template.findResources('AWS::Lambda::Function') as Record<string, unknown>,
    ).filter(([id]) => !isCdkNotificationsHandler(id));
    expect(lambdas).toHaveLength(functionNames.length);
    for (const name of functionNames) {
      const props = s.fn(name);
      expect(props.VpcConfig, name).toBeUndefined();
      const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(Object.keys(variables).filter((k) => k.startsWith('CACHE_'))).toEqual([]);
      expect(
        s
          .statementsOf(name)
          .flatMap(actionsOf)
          .some((a) => /^(elasticache|ec2):/.test(a)),
      ).toBe(false);
    }
  });

  it('is cdk-nag clean too', () => {
    const report = new AwsSolutionsChecks(s.app).validateScope(s.stack);
    expect(report.violations).toEqual([]);
  });
});

describe('stack context', () => {
  it('refuses a cache setting other than on or off', () => {
    expect(() => synth({ cache: 'maybe' })).toThrow(/cache=maybe/);
  });

  it('gives an https partner URL to the partner function only, and refuses http', () => {
    const s = synth({ partnerApiUrl: 'https://partner.example.com/v1/trending' });
    for (const name of functionNames) {
      const variables = (s.fn(name).Environment as { Variables: Record<string, unknown> })
        .Variables;
      expect(variables.PARTNER_API_URL, name).toBe(
        uses(name, 'partner') ? 'https://partner.example.com/v1/trending' : undefined,
      );
    }
    expect(() => synth({ partnerApiUrl: 'http://partner.example.com' })).toThrow(/https/);
  });

  it('refuses a function that would use the cache and call the internet', () => {
    const spec = functions.getPost as { uses?: readonly Dependency[] } & FunctionSpec;
    const original = spec.uses;
    (spec as { uses?: readonly Dependency[] }).uses = ['cache', 'partner'];
    try {
      // A stack of its own: the shared one was synthesized from the unchanged description.
      expect(() => synth({}, synthesize)).toThrow(/cannot use the cache .* and reach the internet/);
    } finally {
      (spec as { uses?: readonly Dependency[] }).uses = original;
    }
  });
});
