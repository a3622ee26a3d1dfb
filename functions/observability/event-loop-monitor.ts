import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type middy from '@middy/core';
import type { InvocationMetrics } from './invocation-metrics';
import { MetricName } from './metric-names';
import { StallSampler } from './stall-sampler';

export interface EventLoopMonitorOptions {
  /** The function's name in the service description (the metric's `function_name`). */
  readonly functionName: string;
  /** The handler's source, named in the warning so a reader knows where to look. */
  readonly handler: string;
  /** A single stall longer than this is logged as a warning. */
  readonly budgetMs: number;
  readonly logger: Logger;
  readonly metrics: InvocationMetrics;
  /** How often the sampler reads the loop; the reported value is never below it. */
  readonly resolutionMs?: number;
}

/**
 * The "check for blocking operations" middleware: measures the longest
 * event-loop stall of each invocation, publishes it as `EventLoopDelayMax`
 * (ms, per function) and warns when it passes the budget. A stall on the
 * request path delays every await in it; in a worker it delays the batch.
 *
 * Use it after Logger and Metrics in a middy chain: its `after` then runs
 * before they flush and reset.
 */
export function eventLoopMonitor(
  options: EventLoopMonitorOptions,
): middy.MiddlewareObj<unknown, unknown, Error> {
  const running = new WeakMap<object, StallSampler>();

  const start = (request: middy.Request<unknown, unknown, Error>) => {
    const sampler = new StallSampler(options.resolutionMs);
    running.set(request, sampler);
    sampler.start();
  };

  const report = (request: middy.Request<unknown, unknown, Error>) => {
    const sampler = running.get(request);
    if (!sampler) return; // already reported (an `after` that threw lands in `onError`)
    running.delete(request);
    const longestMs = Math.round(sampler.stop());
    options.metrics.addFunctionMetric(
      MetricName.EventLoopDelayMax,
      MetricUnit.Milliseconds,
      longestMs,
    );
    if (longestMs > options.budgetMs) {
      options.logger.warn(
        `Event loop blocked for ${longestMs} ms in ${options.functionName} (${options.handler}); the budget is ${options.budgetMs} ms`,
        {
          handler: options.handler,
          functionName: options.functionName,
          eventLoopDelayMaxMs: longestMs,
          budgetMs: options.budgetMs,
        },
      );
    }
  };

  return { before: start, after: report, onError: report };
}
