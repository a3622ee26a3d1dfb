/**
 * Runs inside one fresh process per function (a warm container): many
 * invocations of the full handler and of the bare use-case, alternating, each
 * timed on its own; per round, the p50 and p99 of both go to the parent.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { FunctionName } from '../../lib/description';
import { lambdaContext } from '../../test/support/api-event';
import { percentile } from '../harness/summary';
import { baselineSubjects } from './baseline-subjects';
import { inProcessAws } from './in-process-aws';
import { overheadSubjects } from './overhead-subjects';
import { answerAws, awsCallCounts } from './stub-aws-transport';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

export interface OverheadRound {
  readonly full: { readonly p50: number; readonly p99: number };
  readonly bare: { readonly p50: number; readonly p99: number };
}

export interface OverheadReport {
  readonly rounds: readonly OverheadRound[];
  readonly invocationsPerRound: number;
}

export async function measureOverhead(
  name: FunctionName,
  handler: Handler,
  options: { warmup: number; rounds: number; perRound: number },
): Promise<void> {
  const make = overheadSubjects[name];
  if (!make) throw new Error(`${name}: no overhead subject`);
  answerAws(inProcessAws);
  const subject = await make();

  const full = new Float64Array(options.perRound);
  const bare = new Float64Array(options.perRound);
  const once = async (index: number) => {
    const input = await subject.prepare();
    const event = subject.event(input);
    const context = lambdaContext(name);
    let started = performance.now();
    const result = await handler(event, context);
    const fullMs = performance.now() - started;
    if (result.statusCode !== subject.expectedStatus) {
      throw new Error(`${name} answered ${result.statusCode}: ${result.body}`);
    }
    const bareInput = await subject.prepare();
    started = performance.now();
    await subject.bare(bareInput);
    const bareMs = performance.now() - started;
    if (index >= 0) {
      full[index] = fullMs;
      bare[index] = bareMs;
    }
  };

  for (let i = 0; i < options.warmup; i += 1) await once(-1);
  const rounds: OverheadRound[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    for (let i = 0; i < options.perRound; i += 1) await once(i);
    full.sort();
    bare.sort();
    // Milliseconds in, microseconds out.
    rounds.push({
      full: { p50: percentile(full, 50) * 1000, p99: percentile(full, 99) * 1000 },
      bare: { p50: percentile(bare, 50) * 1000, p99: percentile(bare, 99) * 1000 },
    });
  }
  const report: OverheadReport = { rounds, invocationsPerRound: options.perRound };
  process.send?.(report);
}

type AnyHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** What one invocation of a function and of its bare baseline made, to show they match. */
export interface CallsMade {
  readonly full: Readonly<Record<string, number>>;
  readonly bare: Readonly<Record<string, number>>;
}

export interface BaselineOverheadReport extends OverheadReport {
  readonly calls: CallsMade;
}

/**
 * The same measurement for a function against its bare baseline
 * (`bench/baselines/`): the same event to both, every AWS call answered in
 * process by the subject's responder (stub-aws-transport.ts), so the two
 * differ by what the function's own code does (middleware, validation,
 * domain rules, telemetry), not by I/O.
 */
export async function measureAgainstBaseline(
  name: FunctionName,
  handler: AnyHandler,
  baseline: AnyHandler,
  options: { warmup: number; rounds: number; perRound: number },
): Promise<void> {
  const make = baselineSubjects[name];
  if (!make) throw new Error(`${name}: no baseline subject`);
  answerAws(inProcessAws);
  const subject = await make();

  const counted = async (run: () => Promise<unknown>): Promise<Record<string, number>> => {
    const before = new Map(awsCallCounts());
    await run();
    const made: Record<string, number> = {};
    for (const [key, count] of awsCallCounts()) {
      const added = count - (before.get(key) ?? 0);
      if (added > 0) made[key] = added;
    }
    return made;
  };
  const call = async (side: 'full' | 'bare', event: unknown): Promise<number> => {
    const started = performance.now();
    const result = await (side === 'full' ? handler : baseline)(event, lambdaContext(name));
    const ms = performance.now() - started;
    const problem = subject.check(result, side);
    if (problem) throw new Error(`${name} (${side}): ${problem}`);
    return ms;
  };
  // The event is made (and what it reads seeded) untimed, and uncounted.
  const invoke = async (side: 'full' | 'bare', index: number): Promise<number> =>
    call(side, await subject.event(index));
  const countedCall = async (side: 'full' | 'bare') => {
    const event = await subject.event(-1);
    return counted(() => call(side, event));
  };
  const calls: CallsMade = { full: await countedCall('full'), bare: await countedCall('bare') };

  const full = new Float64Array(options.perRound);
  const bare = new Float64Array(options.perRound);
  for (let i = 0; i < options.warmup; i += 1) {
    await invoke('full', i);
    await invoke('bare', i);
  }
  const rounds: OverheadRound[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    for (let i = 0; i < options.perRound; i += 1) {
      full[i] = await invoke('full', i);
      bare[i] = await invoke('bare', i);
    }
    full.sort();
    bare.sort();
    rounds.push({
      full: { p50: percentile(full, 50) * 1000, p99: percentile(full, 99) * 1000 },
      bare: { p50: percentile(bare, 50) * 1000, p99: percentile(bare, 99) * 1000 },
    });
  }
  const report: BaselineOverheadReport = { rounds, invocationsPerRound: options.perRound, calls };
  process.send?.(report);
}
