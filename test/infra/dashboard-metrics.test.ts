import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JOB_KIND_DIMENSION } from '../../functions/jobs/job-metrics';
import {
  COLD_START_METRIC,
  FUNCTION_DIMENSION,
  MetricName,
} from '../../functions/observability/metric-names';
import { functions, queueNames, service } from '../../lib/description';
import { metricAlarmsOf, graphsOf, metricsOf, type Metric } from '../../lib/metric-lines';
import { dashboard } from '../../lib/description/dashboard';
import { localScope } from '../../local/dashboard/local-dashboard';

/**
 * The custom metrics the dashboard and the alarms read are ones the handlers
 * write, with the dimensions they write them with, and every dimension a
 * handler can put on a metric has a bounded set of values: each distinct
 * value is a metric CloudWatch bills for a month. Read from the handlers'
 * sources, so a new metric or dimension is checked the day it is written.
 */

/** Every dimension a custom metric may carry, with all the values it can take. */
const boundedDimensions: Record<string, readonly string[]> = {
  service: [service.name],
  [FUNCTION_DIMENSION]: Object.keys(functions),
  [JOB_KIND_DIMENSION]: queueNames,
};
/** The constants the handlers name those dimensions by. */
const dimensionConstants = new Set(['FUNCTION_DIMENSION', 'JOB_KIND_DIMENSION']);

let sources: { path: string; text: string }[];

async function typescriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  const paths = await typescriptFiles('functions');
  sources = await Promise.all(
    paths.map(async (path) => ({ path, text: await readFile(path, 'utf8') })),
  );
});

/** Each metric name written, with the dimensions (besides `service`) it is written with. */
function emitted(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const add = (name: string, dims: string) => {
    if (!found.has(name)) found.set(name, new Set());
    found.get(name)?.add(dims);
  };
  for (const { path, text } of sources) {
    if (path.endsWith('metric-names.ts')) continue;
    for (const match of text.matchAll(/MetricName\.(\w+)/g)) {
      // The call it is an argument of: the nearest one before it in the same statement.
      const before = text.slice(0, match.index);
      const statement = before.slice(
        Math.max(before.lastIndexOf(';'), before.lastIndexOf('}')) + 1,
      );
      const calls = ['jobMetric(', 'addFunctionMetric(', 'addMetric(']
        .map((call) => [call, statement.lastIndexOf(call)] as const)
        .filter(([, at]) => at >= 0)
        .sort(([, a], [, b]) => b - a);
      const dims = statement.includes('addFunctionMetric(')
        ? FUNCTION_DIMENSION
        : calls[0]?.[0] === 'jobMetric('
          ? JOB_KIND_DIMENSION
          : '';
      add(match[1] as string, dims);
    }
    if (text.includes('captureColdStartMetric: true')) add(COLD_START_METRIC, FUNCTION_DIMENSION);
  }
  return found;
}

function readByTheStack(): Metric[] {
  const scope = localScope({
    functions,
    queues: Object.fromEntries(
      queueNames.map((q) => [q, { name: q, deadLetter: { name: `${q}-dlq` } }]),
    ),
    tableName: 'posts',
    region: 'us-east-1',
  });
  const graphs = graphsOf(dashboard, scope).flatMap((row) => row.graphs);
  return [
    ...graphs.flatMap((g) => [...g.left, ...g.right].flatMap(metricsOf)),
    ...metricAlarmsOf(scope).flatMap((a) => metricsOf(a.line)),
  ].filter((m) => m.namespace === service.metricsNamespace);
}

describe('custom metrics', () => {
  it('found in the handlers: the scan sees the known ones', () => {
    const seen = emitted();
    expect(seen.get(MetricName.PostCreated)).toEqual(new Set(['']));
    expect(seen.get(MetricName.JobsEnqueued)).toEqual(new Set([JOB_KIND_DIMENSION]));
    expect(seen.get(MetricName.EventLoopDelayMax)).toEqual(new Set([FUNCTION_DIMENSION]));
    expect(seen.get(COLD_START_METRIC)).toEqual(new Set([FUNCTION_DIMENSION]));
  });

  it('the dashboard and the alarms read only metrics a handler writes, with its dimensions', () => {
    const seen = emitted();
    const read = readByTheStack();
    expect(read.length).toBeGreaterThan(0);
    for (const metric of read) {
      const written = seen.get(metric.name);
      expect(written, `${metric.name}: nothing writes it`).toBeDefined();
      const extra = Object.keys(metric.dimensions)
        .filter((d) => d !== 'service')
        .join();
      expect([...(written ?? [])], `${metric.name} is written with other dimensions`).toContain(
        extra,
      );
    }
  });

  it('no name in metric-names.ts is left that nothing writes', () => {
    const seen = emitted();
    for (const name of Object.values(MetricName)) expect(seen.has(name), name).toBe(true);
  });

  it('every dimension a handler sets is one with a bounded set of values', () => {
    const set: string[] = [];
    for (const { path, text } of sources) {
      for (const m of text.matchAll(/(?:setDefaultDimensions|addDimensions)\(\s*\{([^}]*)\}/g)) {
        for (const key of (m[1] ?? '').matchAll(/\[?\s*([\w'"]+)\s*\]?\s*:/g))
          set.push(`${path}: ${key[1]}`);
      }
      for (const m of text.matchAll(/addDimension\(\s*([^,]+),/g)) set.push(`${path}: ${m[1]}`);
      expect(text, `${path}: dimensions given to new Metrics()`).not.toMatch(
        /defaultDimensions\s*:/,
      );
    }
    expect(set.length).toBeGreaterThan(0);
    for (const entry of set) {
      expect(dimensionConstants, `${entry}: an unbounded or unknown dimension`).toContain(
        entry.split(': ')[1],
      );
    }
  });

  it('the dimension values the stack reads stay within their bounded sets', () => {
    expect(FUNCTION_DIMENSION).toBe('function_name');
    for (const metric of readByTheStack()) {
      for (const [key, value] of Object.entries(metric.dimensions)) {
        expect(boundedDimensions[key], `${metric.name}: ${key}`).toContain(value);
      }
    }
  });
});
