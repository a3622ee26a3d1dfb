import { service } from '../../lib/description';
import type { AccessLogEntry } from '../gateway/access-log';
import type { QueueStats } from '../sqs/types';
import type { EmfResult } from '../lambda/emf';
import type { LambdaEvent } from '../lambda/lambda-events';
import type { ReportRecord } from '../lambda/report-line';
import { MetricSeries, type SeriesSummary } from './metric-series';
import { MetricStore } from './metric-store';

/**
 * Queue depths for the dashboard; the local SQS `QueueStore` is one. Optional:
 * without it the dashboard shows no queues.
 */
export interface QueueStatsProvider {
  listQueues(): string[];
  stats(name: string): QueueStats | undefined;
  /** Queues whose redrive policy targets this one: non-empty for a dead-letter queue. */
  deadLetterSourceQueues?(name: string): string[];
}

interface Percentiles {
  readonly p50: number | null;
  readonly p99: number | null;
}

export interface RouteRow {
  /** `GET /posts/{id}`, or `all` for the whole API (unknown routes included). */
  readonly route: string;
  readonly requests: number;
  /** API Gateway's 4XXError and 5XXError. */
  readonly clientErrors: number;
  readonly serverErrors: number;
  /** 429s API Gateway answered itself (stage or route throttle). */
  readonly throttled: number;
  /** Requests whose invocation started a new container. */
  readonly coldStarts: number;
  readonly latencyMs: Percentiles;
  readonly integrationLatencyMs: Percentiles;
  /** Requests per bucket (see `timeline` in metric-series.ts). */
  readonly timeline: readonly number[];
}

export interface FunctionRow {
  readonly name: string;
  readonly invocations: number;
  readonly errors: number;
  readonly throttles: number;
  readonly coldStarts: number;
  readonly durationMs: Percentiles & { readonly max: number | null };
  readonly initDurationMs: Percentiles;
  readonly timeline: readonly number[];
}

export interface QueueRow extends QueueStats {
  readonly name: string;
  /** The queues that send their failures here; empty unless this is a dead-letter queue. */
  readonly deadLetterFor: readonly string[];
}

export interface CustomMetricRow extends SeriesSummary {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly timeline: readonly number[];
}

export interface DashboardSnapshot {
  readonly generatedAt: number;
  readonly startedAt: number;
  readonly api: RouteRow;
  readonly routes: readonly RouteRow[];
  readonly functions: readonly FunctionRow[];
  /** Null when no queue service is wired in. */
  readonly queues: readonly QueueRow[] | null;
  readonly custom: readonly CustomMetricRow[];
  /** EMF events CloudWatch would refuse (EMFValidationErrors), with the latest reason. */
  readonly emfRejected: {
    readonly count: number;
    readonly lastReason: string | null;
    readonly lastFunction: string | null;
  };
}

class RouteStats {
  readonly requests = new MetricSeries();
  readonly clientErrors = new MetricSeries();
  readonly serverErrors = new MetricSeries();
  readonly throttled = new MetricSeries();
  readonly coldStarts = new MetricSeries();
  readonly latency = new MetricSeries();
  readonly integrationLatency = new MetricSeries();

  record(entry: AccessLogEntry): void {
    const at = entry.requestTime;
    this.requests.add(1, at);
    if (entry.status >= 400 && entry.status < 500) this.clientErrors.add(1, at);
    if (entry.status >= 500) this.serverErrors.add(1, at);
    if (entry.errorType === 'THROTTLED') this.throttled.add(1, at);
    if (entry.coldStart) this.coldStarts.add(1, at);
    this.latency.add(entry.responseLatency, at);
    if (entry.integrationLatency !== undefined) {
      this.integrationLatency.add(entry.integrationLatency, at);
    }
  }

  row(route: string, now: number): RouteRow {
    return {
      route,
      requests: this.requests.samples,
      clientErrors: this.clientErrors.samples,
      serverErrors: this.serverErrors.samples,
      throttled: this.throttled.samples,
      coldStarts: this.coldStarts.samples,
      latencyMs: pick(this.latency.summary()),
      integrationLatencyMs: pick(this.integrationLatency.summary()),
      timeline: this.requests.timeline(now),
    };
  }
}

class FunctionStats {
  readonly invocations = new MetricSeries();
  readonly errors = new MetricSeries();
  readonly throttles = new MetricSeries();
  readonly coldStarts = new MetricSeries();
  readonly duration = new MetricSeries();
  readonly initDuration = new MetricSeries();
  /** The store's keys of this function's Invocations, Errors and Duration, once worked out. */
  keys?: { readonly invocations: string; readonly errors: string; readonly duration: string };

  row(name: string, now: number): FunctionRow {
    const duration = this.duration.summary();
    return {
      name,
      invocations: this.invocations.samples,
      errors: this.errors.samples,
      throttles: this.throttles.samples,
      coldStarts: this.coldStarts.samples,
      durationMs: { ...pick(duration), max: duration.max },
      initDurationMs: pick(this.initDuration.summary()),
      timeline: this.invocations.timeline(now),
    };
  }
}

/**
 * What the CloudWatch dashboard will draw, from what the local cloud writes:
 * API Gateway's per-route metrics from the access log entries, Lambda's
 * per-function metrics from the REPORT lines (and throttles, which Lambda
 * counts without logging), and the custom metrics from the EMF lines the
 * handlers' Powertools Metrics write, read as CloudWatch reads them.
 */
export class LocalMetrics {
  /** Every datapoint, as CloudWatch would hold it: what the charts and the alarms read. */
  readonly store: MetricStore;
  private readonly startedAt = Date.now();
  private readonly api = new RouteStats();
  /** The store's keys of API Gateway's stage metrics, once worked out. */
  private apiKeys?: {
    readonly count: string;
    readonly clientErrors: string;
    readonly serverErrors: string;
    readonly latency: string;
    readonly integrationLatency: string;
  };
  private readonly routes = new Map<string, RouteStats>();
  private readonly functions = new Map<string, FunctionStats>();
  private readonly custom = new Map<
    string,
    { namespace: string; name: string; unit: string; dimensions: Record<string, string> }
  >();
  private readonly customSeries = new Map<string, MetricSeries>();
  private rejected = {
    count: 0,
    lastReason: null as string | null,
    lastFunction: null as string | null,
  };

  constructor(
    declared: { readonly routes: readonly string[]; readonly functions: readonly string[] },
    private queues?: QueueStatsProvider,
    /** How far back the store keeps datapoints (the charts' hour, shortened as the periods are). */
    retentionMs: number = 60 * 60_000,
  ) {
    this.store = new MetricStore(retentionMs);
    for (const route of declared.routes) this.routes.set(route, new RouteStats());
    for (const name of declared.functions) this.functions.set(name, new FunctionStats());
  }

  /** Where queue depths come from, for a queue service started after the metrics. */
  useQueues(provider: QueueStatsProvider): void {
    this.queues = provider;
  }

  /** One request through the gateway. */
  accessLog(entry: AccessLogEntry): void {
    this.api.record(entry);
    // API Gateway's stage metrics: 4XXError and 5XXError are 1 or 0 per request.
    const at = entry.requestTime;
    const { store } = this;
    const keys = (this.apiKeys ??= {
      count: store.keyOf('AWS/ApiGateway', 'Count', apiDimensions),
      clientErrors: store.keyOf('AWS/ApiGateway', '4XXError', apiDimensions),
      serverErrors: store.keyOf('AWS/ApiGateway', '5XXError', apiDimensions),
      latency: store.keyOf('AWS/ApiGateway', 'Latency', apiDimensions),
      integrationLatency: store.keyOf('AWS/ApiGateway', 'IntegrationLatency', apiDimensions),
    });
    store.putAt(keys.count, 1, at);
    store.putAt(keys.clientErrors, entry.status >= 400 && entry.status < 500 ? 1 : 0, at);
    store.putAt(keys.serverErrors, entry.status >= 500 ? 1 : 0, at);
    store.putAt(keys.latency, entry.responseLatency, at);
    if (entry.integrationLatency !== undefined) {
      store.putAt(keys.integrationLatency, entry.integrationLatency, at);
    }
    if (!entry.resourcePath) return;
    const key = `${entry.httpMethod} ${entry.resourcePath}`;
    let stats = this.routes.get(key);
    if (!stats) this.routes.set(key, (stats = new RouteStats()));
    stats.record(entry);
  }

  /** What a Lambda pool tells: reports, metrics and throttles count; the rest is not metered. */
  lambdaEvent(event: LambdaEvent): void {
    if (event.type === 'report') this.report(event.functionName, event.report);
    else if (event.type === 'metrics') this.emf(event.functionName, event.emf);
    else if (event.type === 'throttle') this.throttle(event.functionName);
  }

  /** One invocation's report: Invocations, Errors, Duration, and the cold starts. */
  private report(functionName: string, report: ReportRecord): void {
    const stats = this.function(functionName);
    const now = Date.now();
    stats.invocations.add(1, now);
    const { store } = this;
    const dimensions = { FunctionName: functionName };
    const keys = (stats.keys ??= {
      invocations: store.keyOf('AWS/Lambda', 'Invocations', dimensions),
      errors: store.keyOf('AWS/Lambda', 'Errors', dimensions),
      duration: store.keyOf('AWS/Lambda', 'Duration', dimensions),
    });
    store.putAt(keys.invocations, 1, now);
    store.putAt(keys.errors, report.status ? 1 : 0, now);
    store.putAt(keys.duration, report.durationMs, now);
    stats.duration.add(report.durationMs, now);
    if (report.status) stats.errors.add(1, now);
    if (report.initDurationMs !== undefined) {
      stats.coldStarts.add(1, now);
      stats.initDuration.add(report.initDurationMs, now);
    }
  }

  /** An EMF line, as CloudWatch reads it: custom metrics, or an EMFValidationError. */
  private emf(functionName: string, emf: EmfResult): void {
    if (!emf.valid) {
      this.rejected = {
        count: this.rejected.count + 1,
        lastReason: emf.reason,
        lastFunction: functionName,
      };
      return;
    }
    for (const metric of emf.metrics) {
      const key = this.store.keyOf(metric.namespace, metric.name, metric.dimensions);
      let series = this.customSeries.get(key);
      if (!series) {
        const dimensions = Object.fromEntries(
          Object.entries(metric.dimensions).sort(([a], [b]) => a.localeCompare(b)),
        );
        this.custom.set(key, { ...metric, dimensions });
        this.customSeries.set(key, (series = new MetricSeries()));
      }
      for (const value of metric.values) {
        series.add(value, metric.timestamp);
        this.store.putAt(key, value, metric.timestamp);
      }
    }
  }

  /** An invocation Lambda refused for want of concurrency. */
  private throttle(functionName: string): void {
    this.function(functionName).throttles.add(1);
    this.store.put('AWS/Lambda', 'Throttles', { FunctionName: functionName }, 1);
  }

  /**
   * What CloudWatch samples rather than counts: each function's concurrent
   * executions, and each queue's depth and age of its oldest message.
   */
  sample(concurrency: ReadonlyMap<string, number>, now: number = Date.now()): void {
    for (const [name, running] of concurrency) {
      this.store.put('AWS/Lambda', 'ConcurrentExecutions', { FunctionName: name }, running, now);
    }
    for (const queue of this.queueRows()) {
      const put = (name: string, value: number) =>
        this.store.put('AWS/SQS', name, { QueueName: queue.name }, value, now);
      put('ApproximateNumberOfMessagesVisible', queue.visible);
      put('ApproximateAgeOfOldestMessage', queue.oldestAgeSeconds ?? 0);
    }
  }

  snapshot(now: number = Date.now()): DashboardSnapshot {
    return {
      generatedAt: now,
      startedAt: this.startedAt,
      api: this.api.row('all', now),
      routes: [...this.routes].map(([route, stats]) => stats.row(route, now)),
      functions: [...this.functions].map(([name, stats]) => stats.row(name, now)),
      queues: this.queues ? this.queueRows() : null,
      custom: [...this.custom]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, metric]) => {
          const series = this.customSeries.get(key) ?? new MetricSeries();
          return { ...metric, ...series.summary(), timeline: series.timeline(now) };
        }),
      emfRejected: { ...this.rejected },
    };
  }

  private queueRows(): QueueRow[] {
    const provider = this.queues;
    if (!provider) return [];
    return provider.listQueues().flatMap((name) => {
      const stats = provider.stats(name);
      if (!stats) return [];
      return [{ name, ...stats, deadLetterFor: provider.deadLetterSourceQueues?.(name) ?? [] }];
    });
  }

  private function(name: string): FunctionStats {
    let stats = this.functions.get(name);
    if (!stats) this.functions.set(name, (stats = new FunctionStats()));
    return stats;
  }
}

const apiDimensions = { ApiName: service.name, Stage: service.api.stageName };

function pick(summary: SeriesSummary): Percentiles {
  return { p50: summary.p50, p99: summary.p99 };
}
