import { describe, expect, it } from 'vitest';
import type { MetricAlarmSpec, MissingData } from '../../lib/description/metric-types';
import type { MetricAlarm } from '../../lib/metric-lines';
import { AlarmEvaluator, type AlarmState } from '../../local/dashboard/alarm-evaluator';
import { MetricStore } from '../../local/dashboard/metric-store';

/** CloudWatch's rules, on a 60 s period compressed 60× (one period = 1 s). */
const metric = { namespace: 'T', name: 'Errors', dimensions: {}, stat: 'Sum' as const, label: 'e' };

function alarm(treatMissingData: MissingData, m = 2, n = 3): MetricAlarm {
  const spec: MetricAlarmSpec = {
    id: 'Errors',
    metric: { ...metric },
    periodSeconds: 60,
    evaluationPeriods: n,
    datapointsToAlarm: m,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    treatMissingData,
    description: 'errors',
    runbook: 'x',
    notify: true,
  };
  return { name: 'Errors', spec, line: { kind: 'metric', metric }, description: 'errors' };
}

/** Feeds one value per 1 s period (null: no datapoint) and returns the state after each. */
function run(treatMissingData: MissingData, values: (number | null)[], m = 2, n = 3) {
  const store = new MetricStore(60_000);
  const changes: string[] = [];
  const evaluator = new AlarmEvaluator(
    store,
    [alarm(treatMissingData, m, n)],
    [{ name: 'Any', anyOf: ['Errors'], description: 'any', runbook: 'x' }],
    60,
    (view, t) => changes.push(`${view.name} ${t.from}→${t.to}`),
  );
  const start = 1_000_000;
  const states: AlarmState[] = [];
  values.forEach((value, i) => {
    if (value !== null) store.put('T', 'Errors', {}, value, start + i * 1000 + 100);
    evaluator.evaluate(start + (i + 1) * 1000); // the period just ended
    states.push(evaluator.views().find((v) => v.name === 'Errors')?.state ?? 'OK');
  });
  return { states, changes, views: evaluator.views() };
}

describe('local alarms, with CloudWatch rules', () => {
  it('ALARM at M breaching of the last N periods, OK once fewer breach', () => {
    const { states } = run('notBreaching', [0, 1, 0, 1, 0, 0, 0]);
    expect(states).toEqual(['OK', 'OK', 'OK', 'ALARM', 'OK', 'OK', 'OK']);
  });

  it('missing data as not breaching, as breaching, or as missing', () => {
    expect(run('notBreaching', [null, null, 1]).states).toEqual(['OK', 'OK', 'OK']);
    expect(run('breaching', [null, null, 0]).states).toEqual(['ALARM', 'ALARM', 'ALARM']);
    // Fewer datapoints than M: ALARM when all of those present breach.
    expect(run('missing', [null, 1, 0, 0, null, null, null]).states).toEqual([
      'INSUFFICIENT_DATA',
      'ALARM',
      'OK',
      'OK',
      'OK',
      'OK',
      'INSUFFICIENT_DATA',
    ]);
  });

  it('ignore keeps the state while no datapoint arrives', () => {
    expect(run('ignore', [null, 1, 1, null, null, null, 0]).states).toEqual([
      'INSUFFICIENT_DATA',
      'ALARM',
      'ALARM',
      'ALARM',
      'ALARM',
      'ALARM',
      'OK',
    ]);
  });

  it('a composite is in ALARM while one of its alarms is; each change is told once', () => {
    const { changes, views } = run('notBreaching', [1, 1, 0, 0, 0]);
    expect(changes).toEqual([
      'Errors INSUFFICIENT_DATA→OK',
      'Any INSUFFICIENT_DATA→OK',
      'Errors OK→ALARM',
      'Any OK→ALARM',
      'Errors ALARM→OK',
      'Any ALARM→OK',
    ]);
    const any = views.find((v) => v.name === 'Any');
    expect(any?.history.map((h) => h.to)).toEqual(['OK', 'ALARM', 'OK']);
    expect(any?.notifies).toBe(true);
    expect(views.find((v) => v.name === 'Errors')?.notifies).toBe(false);
  });
});
