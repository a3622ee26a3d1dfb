import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { describe, expect, it } from 'vitest';
import { parseEmf } from '../../local/lambda/emf';

/** A line as Powertools Metrics writes it, without writing it anywhere. */
function powertoolsLine(build: (metrics: Metrics) => void): string {
  const metrics = new Metrics({ namespace: 'PostsApi', serviceName: 'posts-api' });
  build(metrics);
  return JSON.stringify(metrics.serializeMetrics());
}

describe('EMF, read as CloudWatch reads it', () => {
  it('extracts what Powertools Metrics writes: each metric per dimension set, every value a sample', () => {
    const line = powertoolsLine((m) => {
      m.addDimension('route', 'POST /posts');
      m.addMetric('PostCreated', MetricUnit.Count, 1);
      m.addMetric('DynamoDBLatency', MetricUnit.Milliseconds, 12);
      m.addMetric('DynamoDBLatency', MetricUnit.Milliseconds, 30);
    });
    const result = parseEmf(line);
    expect(result).toMatchObject({ valid: true });
    if (!result?.valid) return;
    expect(result.metrics).toEqual([
      expect.objectContaining({
        namespace: 'PostsApi',
        name: 'PostCreated',
        unit: 'Count',
        dimensions: { service: 'posts-api', route: 'POST /posts' },
        values: [1],
      }),
      expect.objectContaining({
        name: 'DynamoDBLatency',
        unit: 'Milliseconds',
        values: [12, 30],
      }),
    ]);
  });

  it('publishes a metric once per dimension set, and without dimensions for an empty list', () => {
    const line = JSON.stringify({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          { Namespace: 'A', Dimensions: [['fn'], ['fn', 'kind']], Metrics: [{ Name: 'Hits' }] },
          { Namespace: 'B', Dimensions: [], Metrics: [{ Name: 'Hits', Unit: 'Count' }] },
        ],
      },
      fn: 'getPost',
      kind: 'read',
      Hits: 2,
    });
    const result = parseEmf(line);
    expect(result?.valid && result.metrics.map((m) => [m.namespace, m.dimensions, m.unit])).toEqual(
      [
        ['A', { fn: 'getPost' }, 'None'],
        ['A', { fn: 'getPost', kind: 'read' }, 'None'],
        ['B', {}, 'Count'],
      ],
    );
  });

  it('rejects the whole event when it breaks a rule, as EMFValidationErrors counts it', () => {
    const base = {
      _aws: {
        Timestamp: 1,
        CloudWatchMetrics: [{ Namespace: 'A', Dimensions: [['fn']], Metrics: [{ Name: 'Hits' }] }],
      },
      fn: 'x',
      Hits: 1,
    };
    const broken: Record<string, unknown>[] = [
      { ...base, _aws: { ...base._aws, Timestamp: 'now' } },
      { ...base, fn: 42 },
      { ...base, fn: undefined },
      { ...base, Hits: 'one' },
      { ...base, Hits: [] },
      { ...base, Hits: Array(101).fill(1) },
      {
        ...base,
        _aws: {
          ...base._aws,
          CloudWatchMetrics: [
            { Namespace: 'A', Dimensions: [], Metrics: [{ Name: 'Hits', Unit: 'Apples' }] },
          ],
        },
      },
    ];
    for (const event of broken) {
      expect(parseEmf(JSON.stringify(event)), JSON.stringify(event)).toMatchObject({
        valid: false,
        reason: expect.any(String),
      });
    }
  });

  it('ignores lines that are not EMF events at all', () => {
    for (const line of [
      'START RequestId: 1 Version: $LATEST',
      '{"level":"INFO","message":"hello"}',
      'prefix {"_aws":{"CloudWatchMetrics":[]}}',
      '{"_aws": "not an object"}',
    ]) {
      expect(parseEmf(line), line).toBeUndefined();
    }
  });
});
