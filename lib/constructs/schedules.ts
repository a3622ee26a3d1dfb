import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { functions, type FunctionName } from '../description';

export interface SchedulesProps {
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
}

/** An EventBridge rule for every function the description puts on a schedule. */
export class Schedules extends Construct {
  readonly rules: ReadonlyMap<FunctionName, events.Rule>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const rules = new Map<FunctionName, events.Rule>();
    for (const name of Object.keys(functions) as FunctionName[]) {
      const schedule = functions[name].schedule;
      if (!schedule) continue;
      const rule = new events.Rule(this, name, {
        description: `Runs ${name} every ${schedule.rateMinutes} minutes`,
        schedule: events.Schedule.rate(Duration.minutes(schedule.rateMinutes)),
      });
      // A missed run is harmless (the next one catches up): do not pile up retries.
      rule.addTarget(new targets.LambdaFunction(props.functions[name], { retryAttempts: 2 }));
      rules.set(name, rule);
    }
    this.rules = rules;
  }
}
