/**
 * CloudWatch's reading of an embedded metric format (EMF) log event: what a
 * line that Powertools Metrics writes becomes in CloudWatch, following the
 * EMF specification.
 *
 * - A log event is EMF when it is one JSON object (nothing before or after)
 *   with an `_aws` object holding a `CloudWatchMetrics` array.
 * - Each MetricDirective names a Namespace, Dimensions (an array of dimension
 *   sets, each an array of root member names whose values are strings) and
 *   Metrics (Name, optional Unit and StorageResolution).
 * - A metric's value is the root member of its name: a number, or an array
 *   of up to 100 numbers (each one a sample).
 * - Every metric is published once per dimension set; `Dimensions: []`
 *   publishes it without dimensions.
 * - An event that breaks a rule (bad Timestamp, a missing or non-string
 *   dimension member, a missing or non-numeric value, an unknown unit, too
 *   many metrics or dimensions) yields no metrics at all: CloudWatch counts
 *   it in EMFValidationErrors instead.
 */

export interface MetricDatum {
  readonly namespace: string;
  readonly name: string;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly values: readonly number[];
  /** Epoch milliseconds, from `_aws.Timestamp`. */
  readonly timestamp: number;
}

export type EmfResult =
  | { readonly valid: true; readonly metrics: readonly MetricDatum[] }
  | { readonly valid: false; readonly reason: string };

const units = new Set([
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
]);

const limits = { metricsPerDirective: 100, dimensionsPerSet: 30, valuesPerMetric: 100 };

/** The metrics in one log line, or undefined when the line is not an EMF event at all. */
export function parseEmf(line: string): EmfResult | undefined {
  const text = line.trim();
  if (!text.startsWith('{') || !text.endsWith('}') || !text.includes('"_aws"')) return undefined;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(root) || !isObject(root._aws) || !Array.isArray(root._aws.CloudWatchMetrics)) {
    return undefined;
  }
  const { Timestamp: timestamp, CloudWatchMetrics: directives } = root._aws;
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) {
    return invalid('_aws.Timestamp must be a number of epoch milliseconds');
  }
  const metrics: MetricDatum[] = [];
  // Read for every line a function writes (one per invocation at least): indexed loops, and
  // the texts of refusals built only for a refusal.
  for (let i = 0; i < directives.length; i += 1) {
    const directive: unknown = directives[i];
    if (!isObject(directive)) return invalid(`${at(i)} must be an object`);
    const { Namespace: namespace, Dimensions: dimensionSets, Metrics: definitions } = directive;
    if (typeof namespace !== 'string' || namespace.length === 0 || namespace.length > 255) {
      return invalid(`${at(i)}.Namespace must be a string of 1 to 255 characters`);
    }
    if (!Array.isArray(dimensionSets)) return invalid(`${at(i)}.Dimensions must be an array`);
    if (!Array.isArray(definitions)) return invalid(`${at(i)}.Metrics must be an array`);
    if (definitions.length > limits.metricsPerDirective) {
      return invalid(`${at(i)}.Metrics has more than ${limits.metricsPerDirective} metrics`);
    }

    const sets: Record<string, string>[] = [];
    for (const set of dimensionSets.length === 0 ? [[]] : dimensionSets) {
      if (!Array.isArray(set)) return invalid(`${at(i)}.Dimensions must hold arrays`);
      if (set.length > limits.dimensionsPerSet) {
        return invalid(`${at(i)}: a dimension set has more than ${limits.dimensionsPerSet} keys`);
      }
      const dimensions: Record<string, string> = {};
      for (const key of set) {
        const value = typeof key === 'string' ? root[key] : undefined;
        if (typeof key !== 'string' || typeof value !== 'string') {
          return invalid(`${at(i)}: dimension ${String(key)} must be a string member of the root`);
        }
        dimensions[key] = value;
      }
      sets.push(dimensions);
    }

    for (const definition of definitions) {
      if (!isObject(definition) || typeof definition.Name !== 'string' || !definition.Name) {
        return invalid(`${at(i)}.Metrics: every metric needs a Name`);
      }
      const name = definition.Name;
      const unit = definition.Unit ?? 'None';
      if (typeof unit !== 'string' || !units.has(unit)) {
        return invalid(`${at(i)}: metric ${name} has an unknown unit ${String(unit)}`);
      }
      const values = valuesOf(root[name]);
      if (!values) {
        return invalid(
          `metric ${name} needs a number, or an array of 1 to ${limits.valuesPerMetric} numbers, at the root`,
        );
      }
      for (const dimensions of sets) {
        metrics.push({ namespace, name, unit, dimensions, values, timestamp });
      }
    }
  }
  return { valid: true, metrics };
}

function valuesOf(member: unknown): number[] | undefined {
  if (!Array.isArray(member)) return Number.isFinite(member) ? [member as number] : undefined;
  if (member.length === 0 || member.length > limits.valuesPerMetric) return undefined;
  for (const value of member as unknown[]) if (!Number.isFinite(value)) return undefined;
  return member as number[];
}

function at(directive: number): string {
  return `CloudWatchMetrics[${directive}]`;
}

function invalid(reason: string): EmfResult {
  return { valid: false, reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
