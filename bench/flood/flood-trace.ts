/**
 * A diagnostic of the flood benchmark, on when BENCH_FLOOD_TRACE names a file
 * (bench/README.md, flood): what the cloud did, moment by moment, to lay
 * beside the slowest GETs. Every 20 ms it writes the CPU each process of the
 * cloud used since the last sample (the cloud's own, dynalite, each container
 * by function, each with its nice value), the machine's busy share, how late
 * the cloud's event loop ran the sampler and the cloud's heap in use; every
 * invocation's start and report is written with its time, and each of the
 * cloud process's garbage collections with its pause.
 * Times are epoch milliseconds (performance.timeOrigin + now), as the
 * benchmark's GET samples are written.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import {
  PerformanceObserver,
  constants as perfConstants,
  type PerformanceEntry,
} from 'node:perf_hooks';
import { cpuMicrosOf, descendants, processLabel } from '../load/process-tree-cpu';
import type { LambdaEvent } from '../../local/lambda/lambda-events';
import { reportLine } from '../../local/lambda/report-line';

const TICK_MS = 20;

export function startFloodTrace(file: string): { event(event: LambdaEvent): void } {
  const now = () => performance.timeOrigin + performance.now();
  const buffer: string[] = [];
  const write = (record: object) => buffer.push(JSON.stringify(record));
  const names = new Map<number, string>();
  const last = new Map<number, number>();
  let lastMachine = machineTicks();
  let expected = performance.now() + TICK_MS;
  const timer = setInterval(() => {
    const lateMs = performance.now() - expected;
    expected = performance.now() + TICK_MS;
    const cpu: Record<string, number> = {};
    for (const pid of [process.pid, ...descendants(process.pid)]) {
      const used = cpuMicrosOf(pid);
      if (used === undefined) continue;
      const name = names.get(pid) ?? processLabel(pid, process.pid);
      names.set(pid, name);
      const delta = used - (last.get(pid) ?? used);
      last.set(pid, used);
      // With its nice value: a scale-out container runs at a lower priority, set as it starts.
      if (delta > 0) cpu[`${name}:${pid}:n${niceOf(pid)}`] = delta / 1000;
    }
    const machine = machineTicks();
    const busy = machine.busy - lastMachine.busy;
    const total = machine.total - lastMachine.total;
    lastMachine = machine;
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    write({
      at: now(),
      lateMs: Math.round(lateMs),
      machineBusy: total ? busy / total : 0,
      heapMb,
      cpu,
    });
    if (buffer.length >= 200) appendFileSync(file, `${buffer.splice(0).join('\n')}\n`);
  }, TICK_MS);
  timer.unref();
  // The cloud's own garbage collections, each with its pause: a GET that waits on the
  // gateway's event loop waits for them too.
  const gcKinds: Record<number, string> = {
    [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      const kind = detail?.kind ?? -1;
      write({
        at: performance.timeOrigin + entry.startTime,
        gc: gcKinds[kind] ?? String(kind),
        ms: Math.round(entry.duration * 10) / 10,
      });
    }
  }).observe({ entryTypes: ['gc'] });
  process.once('exit', () => appendFileSync(file, `${buffer.splice(0).join('\n')}\n`));
  return {
    event(event) {
      const fn = event.functionName;
      if (event.type === 'invoke')
        write({ at: now(), fn, line: `START RequestId: ${event.requestId}` });
      else if (event.type === 'report') write({ at: now(), fn, line: reportLine(event.report) });
    },
  };
}

function machineTicks(): { busy: number; total: number } {
  const fields =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ??
    [];
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

function niceOf(pid: number): number | string {
  try {
    return getPriority(pid);
  } catch {
    return '?';
  }
}
