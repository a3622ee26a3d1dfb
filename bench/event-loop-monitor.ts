/**
 * What the blocking detector costs, roughly: `npx tsx bench/event-loop-monitor.ts`.
 *
 * 1. start()+stop() per invocation (a timer created and cleared, one reading);
 * 2. the sampler's ticks while an invocation awaits (CPU time per second of wall time);
 * 3. the whole middleware, EMF line included, around a handler that does nothing.
 * Numbers depend on the machine; they are printed, never asserted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { eventLoopMonitor } from '../functions/observability/event-loop-monitor';
import { InvocationMetrics } from '../functions/observability/invocation-metrics';
import { StallSampler } from '../functions/observability/stall-sampler';

const context = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

function perCall(label: string, n: number, fn: () => void): void {
  const started = performance.now();
  for (let i = 0; i < n; i += 1) fn();
  const us = ((performance.now() - started) * 1000) / n;
  process.stdout.write(`${label.padEnd(48)} ${us.toFixed(2)} µs\n`);
}

async function cpuPerSecond(label: string, run: () => Promise<void>): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const used = process.cpuUsage(cpu);
  const wallS = (performance.now() - started) / 1000;
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(`${label.padEnd(48)} ${(cpuMs / wallS).toFixed(2)} ms CPU / s\n`);
}

async function invocations(label: string, n: number, withMonitor: boolean): Promise<number> {
  // EMF lines go to a sink: the cost measured is building them, not the terminal.
  const sink = new (await import('node:stream')).Writable({ write: (_c, _e, cb) => cb() });
  const write = process.stdout.write.bind(process.stdout);
  const metrics = new InvocationMetrics({
    namespace: 'Bench',
    serviceName: 'bench',
    functionName: 'bench',
  });
  const logger = new Logger({ serviceName: 'bench', logLevel: 'ERROR' });
  let chain = middy(async () => ({ ok: true }));
  if (withMonitor) {
    chain = chain.use(
      eventLoopMonitor({ functionName: 'bench', handler: 'bench', budgetMs: 50, logger, metrics }),
    );
  }
  process.stdout.write = sink.write.bind(sink) as typeof process.stdout.write;
  const started = performance.now();
  for (let i = 0; i < n; i += 1) await chain({}, context);
  const us = ((performance.now() - started) * 1000) / n;
  process.stdout.write = write;
  process.stdout.write(`${label.padEnd(48)} ${us.toFixed(2)} µs\n`);
  return us;
}

perCall('sampler start()+stop()', 100_000, () => {
  const s = new StallSampler(10);
  s.start();
  s.stop();
});
await cpuPerSecond('idle await, no sampler', () => sleep(2_000));
await cpuPerSecond('idle await, sampler every 10 ms', async () => {
  const s = new StallSampler(10);
  s.start();
  await sleep(2_000);
  s.stop();
});
const bare = await invocations('invocation, bare middy', 20_000, false);
const monitored = await invocations('invocation, with eventLoopMonitor', 20_000, true);
process.stdout.write(
  `${'the monitor adds per invocation'.padEnd(48)} ${(monitored - bare).toFixed(2)} µs\n`,
);
