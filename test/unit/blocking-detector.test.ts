import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { functions, service, type FunctionSpec } from '../../lib/description';
import { notFound } from '../../functions/domain/errors';
import { json } from '../../functions/http/http-event';
import { httpHandler } from '../../functions/http/http-handler';
import { StallSampler } from '../../functions/observability/stall-sampler';
import { apiEvent, lambdaContext } from '../support/api-event';
import { captureOutput, type EmfRecord } from '../support/emitted-lines';

/** Blocks the thread, as a synchronous call (readFileSync, pbkdf2Sync, a big JSON.parse) would. */
function blockFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

const anySpec = Object.values(functions)[0] as FunctionSpec;
const testSpec = (entry: string, change: Partial<FunctionSpec> = {}): FunctionSpec => ({
  ...anySpec,
  entry,
  ...change,
});

let out: ReturnType<typeof captureOutput>;
beforeEach(() => {
  // Metrics and logs on, whatever an earlier suite in this process set.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
  out = captureOutput();
});
afterEach(() => {
  out.restore();
  vi.unstubAllEnvs();
});

function loopDelay(name: string): EmfRecord {
  const records = out.metric('EventLoopDelayMax').filter((r) => r.function_name === name);
  expect(records).toHaveLength(1);
  const [record] = records;
  if (!record) throw new Error('no EventLoopDelayMax record');
  expect(record.service).toBe(service.name);
  const directive = record._aws.CloudWatchMetrics.find((d) =>
    d.Metrics.some((m) => m.Name === 'EventLoopDelayMax'),
  );
  expect(directive?.Namespace).toBe(service.metricsNamespace);
  expect(directive?.Dimensions).toEqual([['service', 'function_name']]);
  expect(directive?.Metrics).toContainEqual({ Name: 'EventLoopDelayMax', Unit: 'Milliseconds' });
  return record;
}

const warningsAbout = (name: string) =>
  out.logs('WARN').filter((l) => String(l.message).includes(name));

describe('the blocking detector in the HTTP pipeline', () => {
  it('reports a 200 ms synchronous block as EventLoopDelayMax >= 200 and warns naming the handler', async () => {
    const name = 'blockingTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        blockFor(200);
        return json(200, { ok: true });
      },
      testSpec('test/support/blocking-handler.ts'),
    );
    const result = await handler(apiEvent(), lambdaContext(name));
    expect(result.statusCode).toBe(200);

    expect(loopDelay(name).EventLoopDelayMax).toBeGreaterThanOrEqual(200);
    const [warning, ...more] = warningsAbout(name);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({
      level: 'WARN',
      handler: 'test/support/blocking-handler.ts',
      functionName: name,
      budgetMs: service.observability.blockingBudgetMs,
    });
    expect(warning?.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(200);
  });

  it('sees a stall in the middle of an invocation, between awaits', async () => {
    const name = 'midStallTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        // The handler's own work: awaits around a block, so the stall is between turns.
        await sleep(5);
        blockFor(120);
        await sleep(20);
        return json(200, {});
      },
      testSpec('test/support/mid-stall.ts'),
    );
    await handler(apiEvent(), lambdaContext(name));
    expect(loopDelay(name).EventLoopDelayMax).toBeGreaterThanOrEqual(120);
    expect(warningsAbout(name)).toHaveLength(1);
  });

  // No retry: on a loaded machine the process itself may be held off the CPU past the
  // budget, which the detector rightly reports. An independent observer of the same event
  // loop over the same time says how much of the delay was the machine's.
  it('keeps a handler that only awaits under the budget, with no warning unless the machine stalled the process', async () => {
    const name = 'politeTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        // The handler's work: awaits only, which the detector must not count as blocking.
        for (let i = 0; i < 5; i += 1) await sleep(10);
        return json(200, {});
      },
      testSpec('test/support/polite.ts'),
    );
    const ambient = monitorEventLoopDelay({ resolution: 10 });
    ambient.enable();
    await handler(apiEvent(), lambdaContext(name));
    // The detector takes a last reading as the invocation ends; the observer records a stall
    // only when its own timer next runs (a stall there, the machine holding the process just
    // before the end, read 50 ms against the observer's 10 at load 20). Two of its intervals
    // let it run: it announces no sample, so only time can serve.
    await sleep(20);
    ambient.disable();
    const ambientMaxMs = ambient.max / 1e6;
    const budget = service.observability.blockingBudgetMs;
    const measured = loopDelay(name).EventLoopDelayMax ?? Infinity;
    // What it reports is the loop's real delay: never more than the observer saw, give or
    // take one sampling interval of each.
    expect(measured).toBeLessThanOrEqual(ambientMaxMs + 25);
    if (ambientMaxMs + 25 < budget) {
      expect(measured).toBeLessThan(budget);
      expect(warningsAbout(name)).toEqual([]);
    } else {
      console.warn(
        `the machine held this process ${Math.round(ambientMaxMs)} ms (budget ${budget} ms): only the measured delay was checked`,
      );
    }
  });

  it("honours a function's own budget", async () => {
    const name = 'strictTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        blockFor(30);
        return json(200, {});
      },
      testSpec('test/support/strict.ts', { blockingBudgetMs: 20 }),
    );
    await handler(apiEvent(), lambdaContext(name));
    expect(warningsAbout(name)).toEqual([expect.objectContaining({ budgetMs: 20 })]);
  });

  it('still reports when the handler fails', async () => {
    const name = 'failingTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        blockFor(80);
        throw new Error('boom');
      },
      testSpec('test/support/failing.ts'),
    );
    const result = await handler(apiEvent(), lambdaContext(name));
    expect(result.statusCode).toBe(500);
    expect(loopDelay(name).EventLoopDelayMax).toBeGreaterThanOrEqual(80);
  });

  it('publishes the stall in the same EMF line as the business metrics, which keep only service', async () => {
    const name = 'refusingTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        throw notFound('No post has the id x.');
      },
      testSpec('test/support/refusing.ts'),
    );
    await handler(apiEvent(), lambdaContext(name));
    const emf = out.metric('EventLoopDelayMax');
    expect(emf).toEqual(out.metric('RequestRefused'));
    expect(emf).toHaveLength(1);
    const directives = emf[0]?._aws.CloudWatchMetrics ?? [];
    expect(directives.map((d) => [d.Dimensions, d.Metrics.map((m) => m.Name)])).toEqual([
      [[['service']], ['RequestRefused']],
      [[['service', 'function_name']], ['EventLoopDelayMax']],
    ]);
  });
});

describe('the handler deadline', () => {
  it('answers 504 problem+json with Retry-After and counts DeadlineExceeded for the function', async () => {
    const name = 'slowTestHandler';
    const handler = httpHandler(
      name,
      async () => {
        // Work slower than the deadline: the deadline is what is under test.
        await sleep(2_000);
        return json(200, {});
      },
      testSpec('test/support/slow.ts', { timeoutSeconds: 1, deadlineMarginMs: 700 }),
    );
    // 1 s left in this invocation: the handler's own deadline comes 700 ms before that.
    const result = await handler(apiEvent(), lambdaContext(name, 1_000));
    expect(result.statusCode).toBe(504);
    expect(result.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '1',
    });
    const records = out.metric('DeadlineExceeded');
    expect(records).toEqual([
      expect.objectContaining({ DeadlineExceeded: 1, function_name: name, service: service.name }),
    ]);
  });

  it('counts nothing for an invocation that finishes in time', async () => {
    const name = 'quickTestHandler';
    const handler = httpHandler(name, async () => json(200, {}), testSpec('test/support/q.ts'));
    await handler(apiEvent(), lambdaContext(name));
    expect(out.metric('DeadlineExceeded')).toEqual([]);
  });
});

describe('the stall sampler', () => {
  it('counts a stall at the very end, with no turn of the loop after it', () => {
    const sampler = new StallSampler(10);
    sampler.start();
    blockFor(60);
    expect(sampler.stop()).toBeGreaterThanOrEqual(60);
  });

  it('stops its timer, and a second stop changes nothing', async () => {
    const sampler = new StallSampler(5);
    sampler.start();
    // A few turns of its 5 ms timer: what a running sampler does is time passing.
    await sleep(20);
    const first = sampler.stop();
    blockFor(30);
    expect(sampler.stop()).toBe(first);
  });
});
