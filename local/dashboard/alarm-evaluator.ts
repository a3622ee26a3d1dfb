import type { Comparison, MissingData } from '../../lib/description/metric-types';
import type { CompositeAlarm, MetricAlarm } from '../../lib/metric-lines';
import { lineValue } from './line-value';
import type { MetricStore } from './metric-store';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmTransition {
  readonly at: number;
  readonly from: AlarmState;
  readonly to: AlarmState;
  readonly reason: string;
}

export interface AlarmView {
  readonly name: string;
  readonly kind: 'metric' | 'composite';
  readonly description: string;
  readonly state: AlarmState;
  readonly reason: string;
  /** Sends its own notification (an SNS action): the composites and the alarms not in one. */
  readonly notifies: boolean;
  /** For a metric alarm: its rule, with the local period. */
  readonly rule?: {
    readonly threshold: number;
    readonly comparison: Comparison;
    readonly periodMs: number;
    readonly evaluationPeriods: number;
    readonly datapointsToAlarm: number;
    readonly treatMissingData: MissingData;
  };
  /** Most recent first. */
  readonly history: readonly AlarmTransition[];
}

const historyKept = 20;

const compare: Record<Comparison, (value: number, threshold: number) => boolean> = {
  GreaterThanThreshold: (v, t) => v > t,
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

interface Tracked {
  state: AlarmState;
  reason: string;
  history: AlarmTransition[];
}

/**
 * The stack's alarms, evaluated as CloudWatch evaluates them: at the end of
 * each period, over the last `evaluationPeriods` complete periods, ALARM when
 * at least `datapointsToAlarm` of them breach; a period without a datapoint
 * counts as the alarm's `treatMissingData` says (`notBreaching`, `breaching`;
 * with `ignore` and `missing` only the periods with data count, ALARM when
 * fewer than M have data and all of them breach; with none, `ignore` keeps
 * the state and `missing` goes to INSUFFICIENT_DATA). A composite alarm is in ALARM while any of its alarms is. Every
 * alarm starts in INSUFFICIENT_DATA, as a new CloudWatch alarm does.
 *
 * `timeScale` shortens every period by that factor (12: a minute becomes
 * five seconds) so a person or a test sees an alarm fire and recover
 * without waiting minutes; the rules are otherwise CloudWatch's.
 */
export class AlarmEvaluator {
  private readonly tracked = new Map<string, Tracked>();
  private readonly lastEvaluated = new Map<string, number>();

  constructor(
    private readonly store: MetricStore,
    private readonly metricAlarms: readonly MetricAlarm[],
    private readonly composites: readonly CompositeAlarm[],
    private readonly timeScale: number,
    private readonly onTransition: (alarm: AlarmView, transition: AlarmTransition) => void,
  ) {
    for (const a of [...metricAlarms, ...composites]) {
      this.tracked.set(a.name, {
        state: 'INSUFFICIENT_DATA',
        reason: 'Unchecked: Initial alarm creation',
        history: [],
      });
    }
  }

  periodMs(alarm: MetricAlarm): number {
    return (alarm.spec.periodSeconds * 1000) / this.timeScale;
  }

  /** Evaluates each alarm whose period ended since its last evaluation. */
  evaluate(now: number = Date.now()): void {
    for (const alarm of this.metricAlarms) {
      const period = this.periodMs(alarm);
      const end = Math.floor(now / period) * period;
      if (this.lastEvaluated.get(alarm.name) === end) continue;
      this.lastEvaluated.set(alarm.name, end);
      const next = this.decide(alarm, end, period);
      if (next) this.move(alarm.name, next.state, next.reason, now);
    }
    for (const c of this.composites) {
      const firing = c.anyOf.filter((name) => this.tracked.get(name)?.state === 'ALARM');
      const state: AlarmState = firing.length > 0 ? 'ALARM' : 'OK';
      const reason =
        firing.length > 0
          ? `In ALARM: ${firing.join(', ')}`
          : `None of its ${c.anyOf.length} alarms is in ALARM`;
      this.move(c.name, state, reason, now);
    }
  }

  views(): AlarmView[] {
    const inComposite = new Set(this.composites.flatMap((c) => c.anyOf));
    return [
      ...this.composites.map((c) => this.view(c.name, 'composite', c.description, true)),
      ...this.metricAlarms.map((a) => ({
        ...this.view(a.name, 'metric', a.description, a.spec.notify && !inComposite.has(a.name)),
        rule: {
          threshold: a.spec.threshold,
          comparison: a.spec.comparison,
          periodMs: this.periodMs(a),
          evaluationPeriods: a.spec.evaluationPeriods,
          datapointsToAlarm: a.spec.datapointsToAlarm,
          treatMissingData: a.spec.treatMissingData,
        },
      })),
    ];
  }

  private decide(
    alarm: MetricAlarm,
    end: number,
    period: number,
  ): { state: AlarmState; reason: string } | undefined {
    const { evaluationPeriods: n, datapointsToAlarm: m, threshold, comparison } = alarm.spec;
    const values = Array.from({ length: n }, (_, i) =>
      lineValue(this.store, alarm.line, end - (n - i) * period, end - (n - i - 1) * period),
    );
    const present = values.filter((v): v is number => v !== null);
    const breachingPresent = present.filter((v) => compare[comparison](v, threshold)).length;
    const missing = n - present.length;
    const shown = values.map((v) => (v === null ? '–' : round(v))).join(', ');
    const why = (verb: string) =>
      `${verb} [${shown}] against ${threshold} (${comparison}, ${m} of ${n}, missing data ${alarm.spec.treatMissingData})`;
    switch (alarm.spec.treatMissingData) {
      case 'notBreaching':
        return breachingPresent >= m
          ? { state: 'ALARM', reason: why('Breaching') }
          : { state: 'OK', reason: why('Not breaching') };
      case 'breaching':
        return breachingPresent + missing >= m
          ? { state: 'ALARM', reason: why('Breaching') }
          : { state: 'OK', reason: why('Not breaching') };
      case 'ignore':
        if (present.length === 0) return undefined;
        return breachingPresent >= Math.min(m, present.length)
          ? { state: 'ALARM', reason: why('Breaching') }
          : { state: 'OK', reason: why('Not breaching') };
      case 'missing':
        if (present.length === 0) {
          return { state: 'INSUFFICIENT_DATA', reason: why('No datapoint in') };
        }
        return breachingPresent >= Math.min(m, present.length)
          ? { state: 'ALARM', reason: why('Breaching') }
          : { state: 'OK', reason: why('Not breaching') };
    }
  }

  private move(name: string, state: AlarmState, reason: string, at: number): void {
    const tracked = this.tracked.get(name);
    if (!tracked) return;
    tracked.reason = reason;
    if (tracked.state === state) return;
    const transition = { at, from: tracked.state, to: state, reason };
    tracked.state = state;
    tracked.history.unshift(transition);
    tracked.history.length = Math.min(tracked.history.length, historyKept);
    const view = this.views().find((v) => v.name === name);
    if (view) this.onTransition(view, transition);
  }

  private view(
    name: string,
    kind: AlarmView['kind'],
    description: string,
    notifies: boolean,
  ): AlarmView {
    const tracked = this.tracked.get(name) as Tracked;
    return {
      name,
      kind,
      description,
      notifies,
      state: tracked.state,
      reason: tracked.reason,
      history: [...tracked.history],
    };
  }
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
