/**
 * The prices `npm run cost` uses: AWS us-east-1 list prices, free tiers left
 * out, as known on `pricedOn`. Each names the public page it comes from.
 * They were written down without access to those pages: check them there
 * before relying on a figure, and change them here (with the date) when they move.
 */
export interface Price {
  readonly usd: number;
  /** What one `usd` buys, as the pricing page states it. */
  readonly per: string;
  readonly source: string;
}

const page = {
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  apiGateway: 'https://aws.amazon.com/api-gateway/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  sqs: 'https://aws.amazon.com/sqs/pricing/',
  privateLink: 'https://aws.amazon.com/privatelink/pricing/',
  elasticache: 'https://aws.amazon.com/elasticache/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  kms: 'https://aws.amazon.com/kms/pricing/',
  cognito: 'https://aws.amazon.com/cognito/pricing/',
  waf: 'https://aws.amazon.com/waf/pricing/',
  s3: 'https://aws.amazon.com/s3/pricing/',
  ec2: 'https://aws.amazon.com/ec2/pricing/on-demand/',
  ebs: 'https://aws.amazon.com/ebs/pricing/',
} as const;

export const priceTable = {
  region: 'us-east-1',
  pricedOn: '2026-12-04',
  caveat: 'list price as known on that date; check the page',
  hoursPerMonth: 730,
  prices: {
    lambdaRequests: { usd: 0.2, per: 'million invocations', source: page.lambda },
    lambdaArmGbSecond: { usd: 0.0000133334, per: 'GB-second (arm64)', source: page.lambda },
    lambdaX86GbSecond: { usd: 0.0000166667, per: 'GB-second (x86_64)', source: page.lambda },
    apiGatewayRest: { usd: 3.5, per: 'million REST API requests', source: page.apiGateway },
    apiGatewayHttp: { usd: 1.0, per: 'million HTTP API requests', source: page.apiGateway },
    dynamodbWrite: { usd: 0.625, per: 'million write request units', source: page.dynamodb },
    dynamodbRead: { usd: 0.125, per: 'million read request units', source: page.dynamodb },
    dynamodbStorage: { usd: 0.25, per: 'GB-month', source: page.dynamodb },
    dynamodbPitr: { usd: 0.2, per: 'GB-month (continuous backups)', source: page.dynamodb },
    sqsRequests: { usd: 0.4, per: 'million standard queue requests', source: page.sqs },
    interfaceEndpointHour: { usd: 0.01, per: 'endpoint-hour per AZ', source: page.privateLink },
    interfaceEndpointGb: { usd: 0.01, per: 'GB processed', source: page.privateLink },
    valkeyServerlessGbHour: {
      usd: 0.084,
      per: 'GB-hour stored (Valkey serverless; billed at least 100 MB)',
      source: page.elasticache,
    },
    valkeyServerlessEcpu: { usd: 0.0023, per: 'million ECPUs (Valkey)', source: page.elasticache },
    redisServerlessGbHour: {
      usd: 0.125,
      per: 'GB-hour stored (Redis OSS serverless; billed at least 1 GB)',
      source: page.elasticache,
    },
    redisServerlessEcpu: {
      usd: 0.0034,
      per: 'million ECPUs (Redis OSS)',
      source: page.elasticache,
    },
    alarmMetric: {
      usd: 0.1,
      per: 'standard-resolution alarm metric-month',
      source: page.cloudwatch,
    },
    highResolutionAlarmMetric: {
      usd: 0.3,
      per: 'high-resolution alarm metric-month',
      source: page.cloudwatch,
    },
    compositeAlarm: { usd: 0.5, per: 'composite alarm-month', source: page.cloudwatch },
    dashboard: { usd: 3.0, per: 'dashboard-month', source: page.cloudwatch },
    customMetric: {
      usd: 0.3,
      per: 'custom metric-month (first 10,000)',
      source: page.cloudwatch,
    },
    logsIngestion: { usd: 0.5, per: 'GB ingested (standard class)', source: page.cloudwatch },
    logsStorage: { usd: 0.03, per: 'GB-month archived', source: page.cloudwatch },
    kmsKey: { usd: 1.0, per: 'customer managed key-month', source: page.kms },
    cognitoEssentialsMau: {
      usd: 0.015,
      per: 'monthly active user (Essentials, past the first 10,000 free)',
      source: page.cognito,
    },
    cognitoPlusMau: {
      usd: 0.02,
      per: 'monthly active user (Plus, no free tier)',
      source: page.cognito,
    },
    cognitoLiteMau: { usd: 0.0055, per: 'monthly active user (Lite)', source: page.cognito },
    wafWebAcl: { usd: 5.0, per: 'web ACL-month', source: page.waf },
    wafRule: { usd: 1.0, per: 'rule-month', source: page.waf },
    wafRequests: { usd: 0.6, per: 'million requests inspected', source: page.waf },
    s3Storage: { usd: 0.023, per: 'GB-month (Standard)', source: page.s3 },
    s3Put: { usd: 0.005, per: 'thousand PUT/POST/LIST requests', source: page.s3 },
    s3Get: { usd: 0.0004, per: 'thousand GET requests', source: page.s3 },
    // For docs/cost.md's comparison with one always-on instance; not in the stack.
    ec2T3SmallHour: {
      usd: 0.0208,
      per: 't3.small on-demand instance-hour (Linux)',
      source: page.ec2,
    },
    ebsGp3GbMonth: { usd: 0.08, per: 'gp3 GB-month', source: page.ebs },
  } satisfies Record<string, Price>,
} as const;

export type PriceName = keyof typeof priceTable.prices;
