import { SQSClient } from '@aws-sdk/client-sqs';
import { queueNames, workerOf, type FunctionSpec, type QueueName } from '../../lib/description';
import type { LocalJobQueue } from '../job-queues';
import type { LambdaPool } from '../lambda/lambda-pool';
import { localCredentials, localRegion } from '../local-credentials';
import type { LocalService } from '../service';
import { ScheduleSource } from './schedule-source';
import { SqsEventSource } from './sqs-event-source';

export interface EventSourcesOptions {
  readonly functions: Readonly<Record<string, FunctionSpec>>;
  readonly pools: ReadonlyMap<string, LambdaPool>;
  readonly queues: Readonly<Record<QueueName, LocalJobQueue>>;
  /** Where the pollers receive: the local SQS, or what stands in front of it. */
  readonly sqsEndpoint: string;
  readonly accountId: string;
  /** Poll the queues (default true); the mappings exist either way. */
  readonly polling?: boolean;
  /** Run the schedules on their interval, and those that run at start now (default true). */
  readonly schedules?: boolean;
  /**
   * Ends the invocations running when the sources close: a batch in a container that is
   * ended comes back later, as after a Lambda timeout (its messages are on disk).
   */
  readonly endInvocations: () => Promise<void>;
  readonly onLine: (source: string, line: string) => void;
}

export interface EventSources {
  /** One event source mapping per queue, polling it for its worker. */
  readonly eventSources: ReadonlyMap<QueueName, SqsEventSource>;
  /** One schedule per scheduled function (the sweeper). */
  readonly schedules: ReadonlyMap<string, ScheduleSource>;
}

/** What invokes the functions besides the gateway: SQS event source mappings and schedules. */
export function eventSourcesService(options: EventSourcesOptions): LocalService<EventSources> {
  const eventSources = new Map<QueueName, SqsEventSource>();
  const schedules = new Map<string, ScheduleSource>();
  let client: SQSClient | undefined;
  return {
    name: 'event-sources',
    async start() {
      const polling = new SQSClient({
        endpoint: options.sqsEndpoint,
        region: localRegion,
        credentials: localCredentials,
      });
      client = polling;
      for (const queue of queueNames) {
        const worker = workerOf(queue);
        const pool = options.pools.get(worker);
        if (!pool) throw new Error(`No pool for ${worker}`);
        const { spec, name, url, arn } = options.queues[queue];
        const source = new SqsEventSource({
          functionName: worker,
          pool,
          client: polling,
          queueName: name,
          queueUrl: url,
          queueArn: arn,
          region: localRegion,
          batchSize: spec.batchSize,
          maxBatchingWindowSeconds: spec.maxBatchingWindowSeconds,
          maxConcurrency: spec.maxConcurrency,
          onLine: options.onLine,
        });
        if (options.polling !== false) source.start();
        eventSources.set(queue, source);
      }
      for (const [name, pool] of options.pools) {
        const rate = options.functions[name]?.schedule?.rateMinutes;
        if (rate === undefined) continue;
        const schedule = new ScheduleSource({
          functionName: name,
          pool,
          intervalMs: rate * 60_000,
          region: localRegion,
          accountId: options.accountId,
          onLine: options.onLine,
        });
        if (options.schedules !== false) schedule.start();
        schedules.set(name, schedule);
      }
      // What a scheduled function records (the cache's status) is there before the first request.
      await Promise.all(
        [...schedules]
          .filter(
            ([name]) =>
              options.functions[name]?.schedule?.runAtStart && options.schedules !== false,
          )
          .map(([, schedule]) => schedule.runNow()),
      );
      return { eventSources, schedules };
    },
    async close() {
      // Pollers stop first; a batch still running is ended with its container.
      const stopped = Promise.all(
        [...eventSources.values(), ...schedules.values()].map((source) => source.close()),
      );
      await options.endInvocations();
      await stopped;
      client?.destroy();
      client = undefined;
    },
  };
}
