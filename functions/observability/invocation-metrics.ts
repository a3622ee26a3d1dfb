import { Metrics, type MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { FUNCTION_DIMENSION } from './metric-names';

/** The default dimension Powertools gives every metric from its `serviceName`. */
const SERVICE_DIMENSION = 'service';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];
type EmfOutput = ReturnType<Metrics['serializeMetrics']>;
type Directive = EmfOutput['_aws']['CloudWatchMetrics'][number];

/**
 * Powertools Metrics whose per-function metrics (event-loop stalls, deadlines:
 * read per function, with the function's name as a dimension, as Powertools
 * publishes ColdStart) go out in the same EMF document as the invocation's
 * other metrics: a second MetricDirective with the `function_name` dimension
 * beside the one of the business metrics, which keep only `service` and so
 * aggregate across functions. One log line per invocation instead of one
 * more for each per-function metric: fewer bytes to CloudWatch Logs, and
 * the work of a second serialization and write saved on every invocation.
 */
export class InvocationMetrics extends Metrics {
  private readonly dimensionValue: string;
  private readonly metricsNamespace: string;
  /** This invocation's per-function metrics: name, unit and every value added. */
  private perFunction = new Map<string, { unit: Unit; values: number[] }>();

  constructor(options: MetricsOptions & { namespace: string; functionName: string }) {
    super(options);
    this.dimensionValue = options.functionName;
    this.metricsNamespace = options.namespace;
  }

  /** A metric with the `function_name` dimension, published with the invocation's others. */
  addFunctionMetric(name: string, unit: Unit, value: number): void {
    const metric = this.perFunction.get(name);
    if (metric) metric.values.push(value);
    else this.perFunction.set(name, { unit, values: [value] });
  }

  override hasStoredMetrics(): boolean {
    return this.perFunction.size > 0 || super.hasStoredMetrics();
  }

  override clearMetrics(): void {
    super.clearMetrics();
    this.perFunction = new Map();
  }

  override serializeMetrics(): EmfOutput {
    const document = super.serializeMetrics();
    if (this.perFunction.size === 0) return document;
    // The business metrics' directive only when it has any (a directive without metrics says nothing).
    const directives: Directive[] = document._aws.CloudWatchMetrics.filter(
      (d) => d.Metrics.length > 0,
    );
    const values: Record<string, number | number[]> = {};
    const definitions: Directive['Metrics'] = [];
    for (const [name, { unit, values: all }] of this.perFunction) {
      definitions.push({ Name: name, Unit: unit });
      values[name] = all.length === 1 ? (all[0] as number) : all;
    }
    // The dimensions Powertools gives ColdStart: the service (its default dimension) and the function.
    directives.push({
      Namespace: this.metricsNamespace,
      Dimensions: [[SERVICE_DIMENSION, FUNCTION_DIMENSION]],
      Metrics: definitions,
    });
    return {
      ...document,
      _aws: { ...document._aws, CloudWatchMetrics: directives },
      [FUNCTION_DIMENSION]: this.dimensionValue,
      ...values,
    };
  }
}
