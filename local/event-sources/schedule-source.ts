import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { InvokeReport } from '../lambda/lambda-pool';
import type { Invoker } from './sqs-event-source';

export interface ScheduleSourceOptions {
  readonly functionName: string;
  readonly pool: Invoker;
  readonly intervalMs: number;
  readonly region: string;
  readonly accountId: string;
  readonly onLine: (source: string, line: string) => void;
}

/**
 * An EventBridge schedule rule: invokes the function with a "Scheduled
 * Event" every interval. A run still going when the next is due is not
 * doubled (the sweeper is not meant to overlap itself).
 */
export class ScheduleSource {
  private timer?: NodeJS.Timeout;
  private running?: Promise<InvokeReport>;

  constructor(private readonly options: ScheduleSourceOptions) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (!this.running) void this.runNow();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** One run now, as the rule would start it (tests, and `npm run dev` users who cannot wait). */
  runNow(): Promise<InvokeReport> {
    const { region, accountId, functionName } = this.options;
    const now = new Date();
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: accountId,
      time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [`arn:aws:events:${region}:${accountId}:rule/${functionName}-schedule`],
      detail: {},
    };
    const run = this.options.pool.invoke(event).then((report) => {
      if (!report.outcome.ok) {
        this.options.onLine(`schedule:${functionName}`, `run failed: ${report.outcome.errorType}`);
      }
      return report;
    });
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
