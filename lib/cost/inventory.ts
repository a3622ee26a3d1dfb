/**
 * What the synthesized template bills for: every resource `npm run cost`
 * prices, counted from the CloudFormation template itself (not a hand-kept
 * list), plus the custom metrics the functions can publish, counted from the
 * metric names and dimensions they use.
 */
import { functionDescription, functions, type FunctionName } from '../description';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
}

export interface LambdaFunction {
  readonly logicalId: string;
  /** Its name in the description; absent for CDK's own deploy-time helpers. */
  readonly name?: FunctionName;
  readonly memoryMb: number;
  readonly architecture: 'arm64' | 'x86_64';
  readonly inVpc: boolean;
}

export interface TableIndex {
  readonly name: string;
  readonly projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly nonKeyAttributes: readonly string[];
}

export interface Table {
  readonly logicalId: string;
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  readonly pointInTimeRecovery: boolean;
  readonly indexes: readonly TableIndex[];
}

export interface InterfaceEndpoint {
  readonly logicalId: string;
  /** The AWS service it reaches, e.g. `sqs`. */
  readonly service: string;
  /** Billed per AZ: one subnet per AZ. */
  readonly azs: number;
}

export interface ServerlessCache {
  readonly logicalId: string;
  readonly engine: string;
}

export interface Alarm {
  readonly logicalId: string;
  /** Billed per metric the alarm reads (a metric-math alarm bills each of its metrics). */
  readonly metrics: number;
  readonly highResolution: boolean;
}

export interface Bucket {
  readonly logicalId: string;
  /** The prefixes its lifecycle rules cover; `''` is the whole bucket. */
  readonly lifecyclePrefixes: readonly string[];
}

export interface Inventory {
  readonly functions: readonly LambdaFunction[];
  readonly restApiStages: number;
  readonly httpApiStages: number;
  readonly tables: readonly Table[];
  readonly queues: number;
  readonly eventSourceMappings: { readonly sqs: number };
  readonly interfaceEndpoints: readonly InterfaceEndpoint[];
  readonly gatewayEndpoints: number;
  readonly caches: readonly ServerlessCache[];
  readonly alarms: readonly Alarm[];
  readonly compositeAlarms: number;
  readonly dashboards: number;
  readonly logGroups: number;
  readonly flowLogs: number;
  readonly kmsKeys: number;
  /** Each user pool's feature plan (`UserPoolTier`): LITE, ESSENTIALS or PLUS. */
  readonly userPools: readonly ('LITE' | 'ESSENTIALS' | 'PLUS')[];
  readonly wafWebAcls: readonly { readonly rules: number }[];
  readonly buckets: readonly Bucket[];
}

export function inventoryOf(template: CfnTemplate): Inventory {
  const all = Object.entries(template.Resources);
  const ofType = (type: string) =>
    all.filter(([, r]) => r.Type === type).map(([id, r]) => [id, r.Properties ?? {}] as const);
  const byDescription = new Map(
    (Object.keys(functions) as FunctionName[]).map((name) => [
      functionDescription(name, functions[name].description),
      name,
    ]),
  );

  return {
    functions: ofType('AWS::Lambda::Function').map(([logicalId, p]) => {
      const name = byDescription.get(String(p.Description ?? ''));
      const architectures = (p.Architectures as string[] | undefined) ?? ['x86_64'];
      return {
        logicalId,
        ...(name ? { name } : {}),
        // CloudFormation's default when MemorySize is absent.
        memoryMb: Number(p.MemorySize ?? 128),
        architecture: architectures[0] === 'arm64' ? 'arm64' : 'x86_64',
        inVpc: p.VpcConfig !== undefined,
      };
    }),
    restApiStages: ofType('AWS::ApiGateway::Stage').length,
    httpApiStages: ofType('AWS::ApiGatewayV2::Stage').length,
    tables: ofType('AWS::DynamoDB::Table').map(([logicalId, p]) => ({
      logicalId,
      billingMode: p.BillingMode === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
      pointInTimeRecovery:
        (p.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: boolean } | undefined)
          ?.PointInTimeRecoveryEnabled === true,
      indexes: ((p.GlobalSecondaryIndexes as CfnIndex[] | undefined) ?? []).map((index) => ({
        name: index.IndexName,
        projection: index.Projection.ProjectionType ?? 'KEYS_ONLY',
        nonKeyAttributes: index.Projection.NonKeyAttributes ?? [],
      })),
    })),
    queues: ofType('AWS::SQS::Queue').length,
    eventSourceMappings: {
      sqs: ofType('AWS::Lambda::EventSourceMapping').filter(([, p]) =>
        JSON.stringify(p.EventSourceArn ?? '').includes('Queue'),
      ).length,
    },
    interfaceEndpoints: ofType('AWS::EC2::VPCEndpoint')
      .filter(([, p]) => p.VpcEndpointType === 'Interface')
      .map(([logicalId, p]) => ({
        logicalId,
        service: endpointService(p.ServiceName),
        azs: (p.SubnetIds as unknown[] | undefined)?.length ?? 1,
      })),
    gatewayEndpoints: ofType('AWS::EC2::VPCEndpoint').filter(
      ([, p]) => p.VpcEndpointType === 'Gateway',
    ).length,
    caches: ofType('AWS::ElastiCache::ServerlessCache').map(([logicalId, p]) => ({
      logicalId,
      engine: String(p.Engine ?? 'valkey'),
    })),
    alarms: ofType('AWS::CloudWatch::Alarm').map(([logicalId, p]) => {
      const metrics = p.Metrics as { MetricStat?: { Period?: number } }[] | undefined;
      const periods = metrics
        ? metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat.Period ?? 60] : []))
        : [Number(p.Period ?? 60)];
      return {
        logicalId,
        metrics: Math.max(1, periods.length),
        highResolution: periods.some((period) => period < 60),
      };
    }),
    compositeAlarms: ofType('AWS::CloudWatch::CompositeAlarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    logGroups: ofType('AWS::Logs::LogGroup').length,
    flowLogs: ofType('AWS::EC2::FlowLog').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    userPools: ofType('AWS::Cognito::UserPool').map(([, p]) => {
      const tier = String(p.UserPoolTier ?? 'ESSENTIALS');
      return tier === 'PLUS' || tier === 'LITE' ? tier : 'ESSENTIALS';
    }),
    wafWebAcls: ofType('AWS::WAFv2::WebACL').map(([, p]) => ({
      rules: (p.Rules as unknown[] | undefined)?.length ?? 0,
    })),
    buckets: ofType('AWS::S3::Bucket').map(([logicalId, p]) => ({
      logicalId,
      lifecyclePrefixes: (
        (p.LifecycleConfiguration as { Rules?: CfnLifecycleRule[] } | undefined)?.Rules ?? []
      )
        .filter((rule) => rule.Status !== 'Disabled' && (rule.ExpirationInDays ?? rule.Transitions))
        .map((rule) => rule.Prefix ?? rule.Filter?.Prefix ?? ''),
    })),
  };
}

interface CfnIndex {
  readonly IndexName: string;
  readonly Projection: {
    readonly ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
    readonly NonKeyAttributes?: string[];
  };
}

interface CfnLifecycleRule {
  readonly Status?: string;
  readonly Prefix?: string;
  readonly Filter?: { readonly Prefix?: string };
  readonly ExpirationInDays?: number;
  readonly Transitions?: unknown[];
}

/** `com.amazonaws.<region>.sqs`, as a string or CDK's Fn::Join of it: `sqs`. */
function endpointService(serviceName: unknown): string {
  const text = JSON.stringify(serviceName ?? '');
  const match = /\.([a-z0-9-]+)"*\]*\]*\}*$/.exec(text.replace(/"/g, ''));
  return match?.[1] ?? text;
}
