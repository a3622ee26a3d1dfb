import { describe, expect, it } from 'vitest';
import { customMetricSeries } from '../../lib/cost/custom-metrics';
import { estimate } from '../../lib/cost/estimate';
import { inventoryOf, type CfnTemplate } from '../../lib/cost/inventory';
import { priceTable } from '../../lib/cost/price-table';
import { defaultMix, parseMix } from '../../lib/cost/traffic-mix';
import { functions } from '../../lib/description';
import { synthStack } from '../support/synth';

/**
 * `npm run cost` counts what the synthesized template bills for: each count
 * here is checked against the template's own resources, so a construct that
 * adds a function, an alarm or an endpoint moves the estimate with it.
 */
const { template, ofType } = synthStack();
const inventory = inventoryOf(template.toJSON() as CfnTemplate);

describe('the inventory npm run cost prices', () => {
  it('counts every function with its memory, architecture and network, named as described', () => {
    const fns = ofType('AWS::Lambda::Function');
    expect(inventory.functions).toHaveLength(fns.length);
    for (const [id, resource] of fns) {
      const counted = inventory.functions.find((f) => f.logicalId === id);
      expect(counted?.memoryMb).toBe(resource.Properties.MemorySize ?? 128);
      expect(counted?.inVpc).toBe(resource.Properties.VpcConfig !== undefined);
    }
    // Every function of the description is recognised (and priced at its own memory).
    expect(inventory.functions.flatMap((f) => (f.name ? [f.name] : [])).sort()).toEqual(
      Object.keys(functions).sort(),
    );
    expect(inventory.functions.find((f) => f.name === 'textAnalysisWorker')).toMatchObject({
      memoryMb: 1769,
      architecture: 'arm64',
    });
  });

  it('counts alarms by the metrics they are billed for, and dashboards, keys, log groups', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm');
    expect(inventory.alarms).toHaveLength(alarms.length);
    const billed = alarms.reduce((n, [, a]) => {
      const metrics = a.Properties.Metrics as { MetricStat?: unknown }[] | undefined;
      return n + (metrics ? metrics.filter((m) => m.MetricStat).length : 1);
    }, 0);
    expect(inventory.alarms.reduce((n, a) => n + a.metrics, 0)).toBe(billed);
    expect(inventory.compositeAlarms).toBe(ofType('AWS::CloudWatch::CompositeAlarm').length);
    expect(inventory.dashboards).toBe(ofType('AWS::CloudWatch::Dashboard').length);
    expect(inventory.kmsKeys).toBe(ofType('AWS::KMS::Key').length);
    expect(inventory.logGroups).toBe(ofType('AWS::Logs::LogGroup').length);
  });

  it('counts the API stage, the table and its indexes, queues, endpoints, cache and users', () => {
    expect(inventory.restApiStages).toBe(1);
    expect(inventory.queues).toBe(ofType('AWS::SQS::Queue').length);
    expect(inventory.eventSourceMappings.sqs).toBe(
      ofType('AWS::Lambda::EventSourceMapping').length,
    );
    const [table] = ofType('AWS::DynamoDB::Table');
    const gsis = table?.[1].Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      Projection: { ProjectionType: string };
    }[];
    expect(inventory.tables).toEqual([
      expect.objectContaining({
        billingMode: 'PAY_PER_REQUEST',
        indexes: gsis.map((g) =>
          expect.objectContaining({ name: g.IndexName, projection: g.Projection.ProjectionType }),
        ),
      }),
    ]);
    const interfaces = ofType('AWS::EC2::VPCEndpoint').filter(
      ([, e]) => e.Properties.VpcEndpointType === 'Interface',
    );
    expect(inventory.interfaceEndpoints).toHaveLength(interfaces.length);
    expect(inventory.caches).toEqual([expect.objectContaining({ engine: 'valkey' })]);
    const [pool] = ofType('AWS::Cognito::UserPool');
    expect(inventory.userPools).toEqual([pool?.[1].Properties.UserPoolTier ?? 'ESSENTIALS']);
    // On by default: the per-address limit on the public reads.
    expect(inventory.wafWebAcls).toEqual([{ rules: 1 }]);
    expect(inventory.buckets).toHaveLength(ofType('AWS::S3::Bucket').length);
  });

  it('counts no WAF web ACL with waf=off, and no cache with cache=off', () => {
    const other = inventoryOf(
      synthStack({ waf: 'off', cache: 'off' }).template.toJSON() as CfnTemplate,
    );
    expect(other.wafWebAcls).toEqual([]);
    expect(other.caches).toEqual([]);
    expect(other.interfaceEndpoints).toEqual([]);
    expect(other.functions.every((f) => !f.inVpc)).toBe(true);
  });
});

describe('the estimate', () => {
  const result = estimate(inventory, defaultMix);
  const item = (lines: readonly { item: string; quantity: number }[], start: string) =>
    lines.find((l) => l.item.startsWith(start));

  it('prices every idle line from the counts, and totals them', () => {
    const alarmMetrics = inventory.alarms.reduce((n, a) => n + a.metrics, 0);
    expect(item(result.idle.lines, 'CloudWatch alarms')?.quantity).toBe(alarmMetrics);
    expect(item(result.idle.lines, 'CloudWatch dashboards')?.quantity).toBe(inventory.dashboards);
    const sum = result.idle.lines.reduce((s, l) => s + l.usd, 0);
    expect(result.idle.totalUsd).toBeCloseTo(sum, 6);
  });

  it('prices a million requests of the mix: one API request each, the jobs they spawn', () => {
    const lines = result.perMillionRequests.lines;
    expect(item(lines, 'API Gateway REST')?.quantity).toBe(1_000_000);
    // 8% creates run three workers each, 2% analyses one.
    expect(item(lines, 'Lambda invocations')?.quantity).toBeCloseTo(
      1_000_000 * (1 + 0.08 * 3 + 0.02),
      0,
    );
    expect(result.perMillionRequests.totalUsd).toBeGreaterThan(3.5);
  });

  it('costs the users by the plan the template deploys', () => {
    const cognito = item(result.month.lines, 'Cognito');
    const plan = inventory.userPools[0];
    const price =
      plan === 'PLUS'
        ? priceTable.prices.cognitoPlusMau.usd
        : priceTable.prices.cognitoEssentialsMau.usd;
    expect(cognito?.quantity).toBe(defaultMix.users);
    expect(cognito && 'usd' in cognito ? cognito.usd : 0).toBeCloseTo(defaultMix.users * price, 6);
  });

  it('counts each custom metric series once per name and dimension set', () => {
    const series = customMetricSeries();
    expect(new Set(series).size).toBe(series.length);
    expect(series).toContain('ColdStart/getPost');
    expect(series).toContain('JobsSucceeded/analytics');
  });
});

describe('the traffic options', () => {
  it('takes shares as fractions or percentages, and refuses shares that do not sum to 1', () => {
    const { mix } = parseMix(['--get', '70%', '--list', '0.2', '--hit-rate', '0.5']);
    expect(mix.shares.getPost).toBeCloseTo(0.7);
    expect(mix.cacheHitRate).toBe(0.5);
    expect(() => parseMix(['--get', '90%'])).toThrow(/sum to 1\.100/);
    expect(() => parseMix(['--users', '-3'])).toThrow(/--users/);
  });
});
