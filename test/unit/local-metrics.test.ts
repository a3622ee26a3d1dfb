import { describe, expect, it } from 'vitest';
import { LocalMetrics } from '../../local/dashboard/local-metrics';
import { percentile } from '../../local/dashboard/metric-series';
import { LambdaEvents } from '../../local/lambda/lambda-events';
import { reportLine, reportRecord } from '../../local/lambda/report-line';

describe('REPORT', () => {
  const record = reportRecord(
    {
      requestId: 'abc',
      durationMs: 12.345,
      initMs: 80.5,
      maxMemoryMb: 20,
      outcome: { ok: false, errorType: 'Runtime.OutOfMemory', errorMessage: 'killed' },
    },
    128,
  );

  it('records what Lambda reports of an invocation', () => {
    expect(record).toEqual({
      requestId: 'abc',
      durationMs: 12.35,
      billedDurationMs: 13,
      memorySizeMb: 128,
      maxMemoryUsedMb: 20,
      initDurationMs: 80.5,
      status: 'error',
      errorType: 'Runtime.OutOfMemory',
    });
  });

  it("prints as Lambda's REPORT line", () => {
    expect(reportLine(record)).toBe(
      'REPORT RequestId: abc\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB' +
        '\tMax Memory Used: 20 MB\tInit Duration: 80.50 ms\tStatus: error\tError Type: Runtime.OutOfMemory',
    );
  });
});

describe('percentiles', () => {
  it('are nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('the dashboard metrics', () => {
  const emf = (fields: Record<string, unknown>) =>
    JSON.stringify({
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: 'PostsApi',
            Dimensions: [['service']],
            Metrics: [{ Name: 'PostCreated', Unit: 'Count' }],
          },
        ],
      },
      service: 'posts-api',
      ...fields,
    });

  /** Metrics subscribed to a pool's events, as the local cloud wires them. */
  function metered(metrics: LocalMetrics): LambdaEvents {
    const events = new LambdaEvents();
    events.subscribe((event) => metrics.lambdaEvent(event));
    return events;
  }

  it('count function invocations, errors, cold starts and durations from the reports', () => {
    const metrics = new LocalMetrics({ routes: [], functions: ['getPost', 'idle'] });
    const events = metered(metrics);
    const ok = { ok: true, payload: null } as const;
    events.report(
      'getPost',
      reportRecord(
        { requestId: '1', durationMs: 10, initMs: 90, maxMemoryMb: 1, outcome: ok },
        512,
      ),
    );
    events.report(
      'getPost',
      reportRecord({ requestId: '2', durationMs: 30, maxMemoryMb: 1, outcome: ok }, 512),
    );
    events.report(
      'getPost',
      reportRecord(
        {
          requestId: '3',
          durationMs: 6000,
          maxMemoryMb: 1,
          outcome: { ok: false, errorType: 'Sandbox.Timedout', errorMessage: 't', timedOut: true },
        },
        512,
      ),
    );
    events.throttle('getPost', '4');
    const [getPost, idle] = metrics.snapshot().functions;
    expect(getPost).toMatchObject({
      name: 'getPost',
      invocations: 3,
      errors: 1,
      throttles: 1,
      coldStarts: 1,
      durationMs: { p50: 30, p99: 6000, max: 6000 },
      initDurationMs: { p50: 90, p99: 90 },
    });
    expect(idle).toMatchObject({ name: 'idle', invocations: 0, durationMs: { p50: null } });
  });

  it('count routes from access log entries, 429s apart, unknown routes only in the total', () => {
    const metrics = new LocalMetrics({ routes: ['GET /posts/{id}'], functions: [] });
    const entry = {
      requestId: 'r',
      requestTime: Date.now(),
      httpMethod: 'GET',
      path: '/posts/1',
      responseLatency: 5,
    };
    metrics.accessLog({
      ...entry,
      resourcePath: '/posts/{id}',
      status: 200,
      integrationLatency: 4,
      coldStart: true,
    });
    metrics.accessLog({
      ...entry,
      resourcePath: '/posts/{id}',
      status: 404,
      integrationLatency: 4,
    });
    metrics.accessLog({
      ...entry,
      resourcePath: '/posts/{id}',
      status: 429,
      errorType: 'THROTTLED',
    });
    metrics.accessLog({
      ...entry,
      path: '/nope',
      status: 404,
      errorType: 'MISSING_AUTHENTICATION_TOKEN',
    });
    const snapshot = metrics.snapshot();
    expect(snapshot.routes).toEqual([
      expect.objectContaining({
        route: 'GET /posts/{id}',
        requests: 3,
        clientErrors: 2,
        throttled: 1,
        serverErrors: 0,
        coldStarts: 1,
      }),
    ]);
    expect(snapshot.api).toMatchObject({ requests: 4, clientErrors: 3 });
    expect(snapshot.routes[0]?.timeline.at(-1)).toBe(3);
  });

  it('sum custom metrics per namespace, name and dimensions, and count rejected EMF events', () => {
    const metrics = new LocalMetrics({ routes: [], functions: [] });
    const events = metered(metrics);
    events.line('createPost', emf({ PostCreated: 1 }));
    events.line('createPost', emf({ PostCreated: [1, 1] }));
    events.line('createPost', emf({ PostCreated: 'one' }));
    const { custom, emfRejected } = metrics.snapshot();
    expect(custom).toEqual([
      expect.objectContaining({
        namespace: 'PostsApi',
        name: 'PostCreated',
        dimensions: { service: 'posts-api' },
        samples: 3,
        sum: 3,
      }),
    ]);
    expect(emfRejected).toMatchObject({ count: 1, lastFunction: 'createPost' });
  });

  it('keep one series per metric identity: dimensions in any order, no two identities merged', () => {
    const metrics = new LocalMetrics({ routes: [], functions: [] });
    const at = Date.now();
    const sum = (dimensions: Record<string, string>) =>
      metrics.store.statistic(
        { namespace: 'PostsApi', name: 'CacheHit', dimensions },
        'Sum',
        at - 1000,
        at + 1000,
      );
    metrics.store.put(
      'PostsApi',
      'CacheHit',
      { service: 'posts-api', function_name: 'getPost' },
      1,
      at,
    );
    metrics.store.put(
      'PostsApi',
      'CacheHit',
      { function_name: 'getPost', service: 'posts-api' },
      2,
      at,
    );
    // Joined naively, these two would read the same.
    metrics.store.put('PostsApi', 'CacheHit', { a: '1b2', c: 'd' }, 10, at);
    metrics.store.put('PostsApi', 'CacheHit', { a: '1', b: '2c', d: '' }, 20, at);
    expect(sum({ service: 'posts-api', function_name: 'getPost' })).toBe(3);
    expect(sum({ a: '1b2', c: 'd' })).toBe(10);
    expect(sum({ a: '1', b: '2c', d: '' })).toBe(20);
  });

  it('show queue depths from a queue stats provider, dead-letter queues marked', () => {
    const queues = new Map([
      ['jobs', { visible: 3, inFlight: 1, delayed: 0, oldestAgeSeconds: 12 }],
      ['jobs-dlq', { visible: 2, inFlight: 0, delayed: 0, oldestAgeSeconds: 40 }],
    ]);
    const metrics = new LocalMetrics({ routes: [], functions: [] });
    expect(metrics.snapshot().queues).toBeNull();
    metrics.useQueues({
      listQueues: () => [...queues.keys()],
      stats: (name) => queues.get(name),
      deadLetterSourceQueues: (name) => (name === 'jobs-dlq' ? ['jobs'] : []),
    });
    expect(metrics.snapshot().queues).toEqual([
      {
        name: 'jobs',
        visible: 3,
        inFlight: 1,
        delayed: 0,
        oldestAgeSeconds: 12,
        deadLetterFor: [],
      },
      {
        name: 'jobs-dlq',
        visible: 2,
        inFlight: 0,
        delayed: 0,
        oldestAgeSeconds: 40,
        deadLetterFor: ['jobs'],
      },
    ]);
  });
});
