/**
 * The bill for a template and a traffic mix, line by line: the idle floor (a
 * month with no request), the cost of one million API requests of the mix,
 * and the month at the mix's traffic (with its users and custom metrics).
 */
import { functions, type FunctionName } from '../description';
import { customMetricSeries } from './custom-metrics';
import type { Inventory, TableIndex } from './inventory';
import { priceTable, type PriceName } from './price-table';
import {
  idleSqsPolling,
  routeWork,
  scheduledRuns,
  type PostWrite,
  type Work,
} from './request-profiles';
import type { TrafficMix } from './traffic-mix';

export interface Line {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly usd: number;
  readonly price: PriceName;
}

export interface Section {
  readonly lines: readonly Line[];
  readonly totalUsd: number;
}

export interface Estimate {
  readonly region: string;
  readonly pricedOn: string;
  readonly caveat: string;
  readonly mix: TrafficMix;
  /** A month with no traffic. */
  readonly idle: Section;
  /** One million API requests of the mix, on top of the idle floor. */
  readonly perMillionRequests: Section;
  /** The month at `mix.requestsPerMonth`: idle + requests + users + the metrics they publish. */
  readonly month: Section;
  /** What the custom metrics would cost if every series the code can publish were published. */
  readonly allCustomMetrics: Line;
}

const { prices, hoursPerMonth } = priceTable;
const minutesPerMonth = hoursPerMonth * 60;

function line(item: string, quantity: number, unit: string, price: PriceName, per = 1): Line {
  return { item, quantity, unit, price, usd: (quantity / per) * prices[price].usd };
}

function section(lines: readonly Line[]): Section {
  const kept = lines.filter((l) => l.quantity > 0);
  return { lines: kept, totalUsd: kept.reduce((sum, l) => sum + l.usd, 0) };
}

export function estimate(inventory: Inventory, mix: TrafficMix): Estimate {
  const weighted = weightedWork(inventory, mix);
  const perMillion = section(workLines(inventory, mix, weighted, 1_000_000));

  const scheduled = (Object.keys(functions) as FunctionName[]).flatMap((name) => {
    const schedule = functions[name].schedule;
    if (!schedule) return [];
    const work = scheduledRuns[name];
    if (!work)
      throw new Error(`${name} runs on a schedule: describe one run in request-profiles.ts`);
    return [
      { name, work, runs: minutesPerMonth / schedule.rateMinutes, every: schedule.rateMinutes },
    ];
  });
  const idleMetrics = new Set(scheduled.flatMap(({ work }) => work.metrics));
  const idle = section([
    ...inventory.interfaceEndpoints.map((e) =>
      line(
        `VPC interface endpoint ${e.service} (${e.azs} AZs)`,
        e.azs * hoursPerMonth,
        'AZ-hours',
        'interfaceEndpointHour',
      ),
    ),
    ...inventory.caches.map((c) =>
      c.engine === 'valkey'
        ? line(
            'ElastiCache Serverless Valkey, minimum storage 0.1 GB',
            0.1 * hoursPerMonth,
            'GB-hours',
            'valkeyServerlessGbHour',
          )
        : line(
            `ElastiCache Serverless ${c.engine}, minimum storage 1 GB`,
            hoursPerMonth,
            'GB-hours',
            'redisServerlessGbHour',
          ),
    ),
    line(
      `CloudWatch alarms (${inventory.alarms.filter((a) => !a.highResolution).length})`,
      inventory.alarms.filter((a) => !a.highResolution).reduce((n, a) => n + a.metrics, 0),
      'alarm metrics',
      'alarmMetric',
    ),
    line(
      'CloudWatch high-resolution alarms',
      inventory.alarms.filter((a) => a.highResolution).reduce((n, a) => n + a.metrics, 0),
      'alarm metrics',
      'highResolutionAlarmMetric',
    ),
    line('CloudWatch composite alarms', inventory.compositeAlarms, 'alarms', 'compositeAlarm'),
    line('CloudWatch dashboards', inventory.dashboards, 'dashboards', 'dashboard'),
    line('KMS customer managed keys', inventory.kmsKeys, 'keys', 'kmsKey'),
    ...inventory.wafWebAcls.flatMap((acl) => [
      line('WAF web ACL', 1, 'web ACLs', 'wafWebAcl'),
      line('WAF rules', acl.rules, 'rules', 'wafRule'),
    ]),
    line(
      `SQS long polls by Lambda's event sources (${inventory.eventSourceMappings.sqs} x ${idleSqsPolling.pollersPerEventSource} pollers, assumed)`,
      inventory.eventSourceMappings.sqs *
        idleSqsPolling.pollersPerEventSource *
        idleSqsPolling.receivesPerPollerPerMinute *
        minutesPerMonth,
      'requests',
      'sqsRequests',
      1_000_000,
    ),
    ...scheduled.flatMap(({ name, work, runs, every }) =>
      workLines(inventory, mix, [{ work, count: 1 }], runs).map((l) => ({
        ...l,
        item: `${name} every ${every} min: ${l.item}`,
      })),
    ),
    line(
      'Custom metrics the scheduled functions publish',
      idleMetrics.size,
      'metrics',
      'customMetric',
    ),
  ]);

  const published = new Set(weighted.flatMap(({ work }) => work.metrics));
  for (const metric of idleMetrics) published.delete(metric);
  const plan = inventory.userPools[0];
  const requestsLines = workLines(inventory, mix, weighted, mix.requestsPerMonth);
  const month = section([
    ...idle.lines,
    ...requestsLines,
    ...(plan
      ? [
          line(
            `Cognito ${plan} monthly active users`,
            mix.users,
            'MAU',
            plan === 'PLUS'
              ? 'cognitoPlusMau'
              : plan === 'LITE'
                ? 'cognitoLiteMau'
                : 'cognitoEssentialsMau',
          ),
        ]
      : []),
    line(
      'Custom metrics the traffic publishes (besides the scheduled functions)',
      mix.requestsPerMonth > 0 ? published.size : 0,
      'metrics',
      'customMetric',
    ),
  ]);

  return {
    region: priceTable.region,
    pricedOn: priceTable.pricedOn,
    caveat: priceTable.caveat,
    mix,
    idle,
    perMillionRequests: perMillion,
    month,
    allCustomMetrics: line(
      'Every custom metric series the code can publish',
      customMetricSeries().length,
      'metrics',
      'customMetric',
    ),
  };
}

interface Weighted {
  readonly work: Work;
  /** Occurrences per API request. */
  readonly count: number;
}

/** Each route's work with its share of one request; GET /posts/{id} split hit/miss. */
function weightedWork(inventory: Inventory, mix: TrafficMix): Weighted[] {
  const work = routeWork(mix);
  const cached = inventory.caches.length > 0;
  const bypass: Work = {
    ...work.getPostMiss,
    cacheCommandsKb: [],
    metrics: work.getPostMiss.metrics.filter((m) => !m.startsWith('Cache')).concat('CacheBypass'),
  };
  const hitRate = cached ? mix.cacheHitRate : 0;
  return [
    { work: work.getPostHit, count: mix.shares.getPost * hitRate },
    { work: cached ? work.getPostMiss : bypass, count: mix.shares.getPost * (1 - hitRate) },
    { work: work.listPosts, count: mix.shares.listPosts },
    { work: work.createPost, count: mix.shares.createPost },
    { work: work.analyzeText, count: mix.shares.analyzeText },
  ].filter((w) => w.count > 0);
}

/** The variable lines of `times` repetitions of the weighted work. */
function workLines(
  inventory: Inventory,
  mix: TrafficMix,
  weighted: readonly Weighted[],
  times: number,
): Line[] {
  const sum = (f: (w: Work) => number) =>
    weighted.reduce((total, { work, count }) => total + f(work) * count, 0) * times;
  const memoryOf = (fn: FunctionName) =>
    inventory.functions.find((f) => f.name === fn) ?? { memoryMb: 0, architecture: 'arm64' };
  const gbSeconds = (arch: 'arm64' | 'x86_64') =>
    sum((w) =>
      w.invocations
        .filter(({ fn }) => memoryOf(fn).architecture === arch)
        .reduce((s, { fn, ms }) => s + (memoryOf(fn).memoryMb / 1024) * (ms / 1000), 0),
    );
  const indexes = inventory.tables[0]?.indexes ?? [];
  const rest = inventory.restApiStages > 0;
  return [
    rest
      ? line(
          'API Gateway REST requests',
          sum((w) => w.apiRequests),
          'requests',
          'apiGatewayRest',
          1e6,
        )
      : line(
          'API Gateway HTTP requests',
          sum((w) => w.apiRequests),
          'requests',
          'apiGatewayHttp',
          1e6,
        ),
    ...(inventory.wafWebAcls.length > 0
      ? [
          line(
            'WAF requests inspected',
            sum((w) => w.apiRequests),
            'requests',
            'wafRequests',
            1e6,
          ),
        ]
      : []),
    line(
      'Lambda invocations',
      sum((w) => w.invocations.length),
      'invocations',
      'lambdaRequests',
      1e6,
    ),
    line('Lambda compute (arm64)', gbSeconds('arm64'), 'GB-s', 'lambdaArmGbSecond'),
    line('Lambda compute (x86_64)', gbSeconds('x86_64'), 'GB-s', 'lambdaX86GbSecond'),
    line(
      'DynamoDB reads',
      sum((w) => w.reads.reduce((s, r) => s + readUnits(r.kb, r.consistent) * (r.count ?? 1), 0)),
      'RRU',
      'dynamodbRead',
      1e6,
    ),
    line(
      'DynamoDB writes (table)',
      sum((w) =>
        w.writes.reduce(
          (s, wr) =>
            s + (wr.item === 'post' ? Math.ceil(mix.itemKb) : Math.ceil(wr.kb) * (wr.count ?? 1)),
          0,
        ),
      ),
      'WRU',
      'dynamodbWrite',
      1e6,
    ),
    line(
      `DynamoDB writes (indexes: ${indexes.map((i) => `${i.name} ${i.projection}`).join(', ')})`,
      sum((w) =>
        w.writes.reduce((s, wr) => s + (wr.item === 'post' ? indexUnits(wr, indexes, mix) : 0), 0),
      ),
      'WRU',
      'dynamodbWrite',
      1e6,
    ),
    line(
      'SQS requests',
      sum((w) => w.sqsRequests),
      'requests',
      'sqsRequests',
      1e6,
    ),
    ...(inventory.caches.length > 0
      ? [
          line(
            'ElastiCache ECPUs',
            sum((w) => w.cacheCommandsKb.reduce((s, kb) => s + Math.max(1, Math.ceil(kb)), 0)),
            'ECPUs',
            inventory.caches[0]?.engine === 'valkey'
              ? 'valkeyServerlessEcpu'
              : 'redisServerlessEcpu',
            1e6,
          ),
        ]
      : []),
    line(
      'S3 PUTs',
      sum((w) => w.s3Puts),
      'requests',
      's3Put',
      1e3,
    ),
    line('CloudWatch Logs ingestion', sum((w) => w.logKb) / (1024 * 1024), 'GB', 'logsIngestion'),
  ];
}

/** A read's units: 4 KB each, half for an eventually consistent read. */
function readUnits(kb: number, consistent = false): number {
  const units = Math.max(1, Math.ceil(kb / 4));
  return consistent ? units : units / 2;
}

/** The writes a post write causes in the indexes, from their projections in the template. */
function indexUnits(write: PostWrite, indexes: readonly TableIndex[], mix: TrafficMix): number {
  const entryUnits = (index: TableIndex) => {
    const keysKb = 0.2;
    if (index.projection === 'ALL') return Math.ceil(mix.itemKb);
    if (index.projection === 'KEYS_ONLY') return 1;
    // The content is most of a post: an index that includes it costs about the item.
    return Math.ceil(index.nonKeyAttributes.includes('content') ? mix.itemKb : keysKb);
  };
  const projected = (index: TableIndex) =>
    index.projection === 'ALL'
      ? write.changes.length > 0
      : index.projection === 'INCLUDE' &&
        write.changes.some(
          (c) => c === '*' || index.nonKeyAttributes.includes(c.split('.')[0] ?? c),
        );
  return indexes.reduce((units, index) => {
    if (write.leavesIndexes?.includes(index.name)) return units + 1;
    if (!write.inIndexes.includes(index.name)) return units;
    if (write.op === 'put' || write.op === 'delete') return units + entryUnits(index);
    return units + (projected(index) ? entryUnits(index) : 0);
  }, 0);
}
