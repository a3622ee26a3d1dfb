import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { functions, queueNames, queuePhysicalNames, service } from '../../lib/description';
import { type MetricAlarmSpec } from '../../lib/description/metric-types';
import { metricsOf, type Line } from '../../lib/metric-lines';
import { LocalDashboard, localScope } from '../../local/dashboard/local-dashboard';
import { LocalMetrics } from '../../local/dashboard/local-metrics';
import { dashboardBody, synthStack, type CfnResource } from '../support/synth';

/**
 * One description, two dashboards: the CloudWatch dashboard the stack
 * deploys and the one the local cloud draws list the same graphs, in the
 * same order, with the same metrics; every alarm the stack deploys is one the
 * local cloud evaluates, with the same rule.
 */
interface Row {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
  readonly stat: string;
  readonly label?: string;
}

let synth: ReturnType<typeof synthStack>;
let local: LocalDashboard;

beforeAll(() => {
  synth = synthStack();
  const queues = Object.fromEntries(
    queueNames.map((q) => {
      const names = queuePhysicalNames(service.name, q);
      return [q, { name: names.queue, deadLetter: { name: names.deadLetter } }];
    }),
  );
  local = new LocalDashboard(
    new LocalMetrics({ routes: [], functions: Object.keys(functions) }),
    localScope({ functions, queues, tableName: service.table.name, region: 'us-east-1' }),
    1,
    () => undefined,
  );
});

/** The graphs of the deployed dashboard: each metric row, and each expression's label. */
function deployedGraphs() {
  const [[, dashboard] = []] = synth.ofType('AWS::CloudWatch::Dashboard');
  const body = dashboardBody(dashboard?.Properties.DashboardBody);
  return body.widgets
    .filter((w) => w.type === 'metric')
    .map((w) => {
      const rows = w.properties.metrics ?? [];
      const metrics: Row[] = [];
      const expressions: string[] = [];
      for (const row of rows) {
        const options = row.at(-1) as {
          expression?: string;
          label?: string;
          stat?: string;
          visible?: boolean;
        };
        if (options.expression) {
          expressions.push(options.label ?? '');
          continue;
        }
        const [namespace, name, ...dims] = row.slice(0, -1) as string[];
        const dimensions: Record<string, string> = {};
        for (let i = 0; i + 1 < dims.length; i += 2)
          dimensions[dims[i] as string] = dims[i + 1] as string;
        metrics.push({
          namespace: namespace as string,
          name: name as string,
          dimensions,
          stat: options.stat ?? '',
          ...(options.visible === false ? {} : { label: options.label }),
        });
      }
      return { title: w.properties.title ?? '', metrics, expressions };
    });
}

function localGraphs() {
  return local.rows.flatMap((row) =>
    row.graphs.map((g) => {
      const lines: Line[] = [...g.left, ...g.right];
      return {
        title: g.title,
        metrics: lines.flatMap((line) =>
          metricsOf(line).map((m) => ({
            ...m,
            visible: line.kind === 'metric',
          })),
        ),
        expressions: lines.flatMap((l) => (l.kind === 'metric' ? [] : [l.label])),
      };
    }),
  );
}

describe('the deployed and the local dashboard', () => {
  it('list the same graphs in the same order', () => {
    const deployed = deployedGraphs().map((g) => g.title);
    expect(deployed.length).toBeGreaterThan(15);
    expect(localGraphs().map((g) => g.title)).toEqual(deployed);
  });

  it('draw the same metrics in each graph: namespace, name, dimensions, statistic and label', () => {
    const locals = localGraphs();
    for (const [i, deployed] of deployedGraphs().entries()) {
      const mine = locals[i];
      expect(mine?.title).toBe(deployed.title);
      expect(mine?.expressions, deployed.title).toEqual(deployed.expressions);
      expect(mine?.metrics.length, deployed.title).toBe(deployed.metrics.length);
      for (const [j, row] of deployed.metrics.entries()) {
        const m = mine?.metrics.find(
          (candidate, k) =>
            k >= j &&
            candidate.namespace === row.namespace &&
            candidate.name === row.name &&
            candidate.stat === row.stat &&
            Object.keys(candidate.dimensions).sort().join() ===
              Object.keys(row.dimensions).sort().join(),
        );
        const where = `${deployed.title}: ${row.namespace} ${row.name} ${row.stat}`;
        expect(m, where).toBeDefined();
        for (const [key, value] of Object.entries(row.dimensions)) {
          // A resource's name is a reference in the template; any literal must match.
          if (value.startsWith('<Ref ')) expect(m?.dimensions[key], where).toBeTruthy();
          else expect(m?.dimensions[key], `${where} ${key}`).toBe(value);
        }
        if (row.label !== undefined) expect(m?.label, where).toBe(row.label);
      }
    }
  });

  it('are as large as docs/operations.md says', async () => {
    const graphs = deployedGraphs();
    const metrics = graphs.reduce((n, g) => n + g.metrics.length, 0);
    const alarms = synth.ofType('AWS::CloudWatch::Alarm').length;
    const composites = synth.ofType('AWS::CloudWatch::CompositeAlarm').length;
    const doc = (await readFile('docs/operations.md', 'utf8')).replace(/\s+/g, ' ');
    expect(doc).toContain(`${graphs.length} graphs drawing ${metrics} metrics`);
    expect(doc).toContain(`${alarms} metric alarms and ${composites} composite alarms`);
  });
});

describe('the alarms', () => {
  const deployed = () => {
    const stackName = synth.stack.stackName;
    const named = (type: string) =>
      synth
        .ofType(type)
        .map(([, a]) => [String(a.Properties.AlarmName).replace(`${stackName}-`, ''), a] as const);
    return {
      metric: new Map<string, CfnResource>(named('AWS::CloudWatch::Alarm')),
      composite: new Map<string, CfnResource>(named('AWS::CloudWatch::CompositeAlarm')),
    };
  };

  it('every alarm the stack deploys is evaluated locally, and nothing more', () => {
    const { metric, composite } = deployed();
    const views = local.evaluator.views();
    expect(
      views
        .filter((v) => v.kind === 'metric')
        .map((v) => v.name)
        .sort(),
    ).toEqual([...metric.keys()].sort());
    expect(
      views
        .filter((v) => v.kind === 'composite')
        .map((v) => v.name)
        .sort(),
    ).toEqual([...composite.keys()].sort());
    for (const view of views) expect(view.state, view.name).toBe('INSUFFICIENT_DATA');
  });

  it('with the deployed rule: threshold, comparison, periods, M of N, missing data, notification', () => {
    const { metric } = deployed();
    for (const view of local.evaluator.views()) {
      if (view.kind !== 'metric' || !view.rule) continue;
      const props = metric.get(view.name)?.Properties ?? {};
      const period =
        (props.Period as number | undefined) ??
        (props.Metrics as { MetricStat?: { Period: number } }[]).find((m) => m.MetricStat)
          ?.MetricStat?.Period;
      expect(
        {
          threshold: view.rule.threshold,
          comparison: view.rule.comparison,
          periodSeconds: view.rule.periodMs / 1000,
          evaluationPeriods: view.rule.evaluationPeriods,
          datapointsToAlarm: view.rule.datapointsToAlarm,
          treatMissingData: view.rule.treatMissingData,
        },
        view.name,
      ).toEqual({
        threshold: props.Threshold,
        comparison: props.ComparisonOperator,
        periodSeconds: period,
        evaluationPeriods: props.EvaluationPeriods,
        datapointsToAlarm: props.DatapointsToAlarm ?? props.EvaluationPeriods,
        treatMissingData: props.TreatMissingData,
      } satisfies Partial<Record<keyof MetricAlarmSpec | 'comparison' | 'periodSeconds', unknown>>);
      expect(props.AlarmActions !== undefined, view.name).toBe(view.notifies);
    }
  });
});
