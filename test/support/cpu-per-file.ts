import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

/**
 * A setup file for measuring, not testing: with `TEST_CPU_LOG=<file>` (vitest.config.ts adds
 * it then), each test file appends one JSON line with the CPU seconds it cost, its imports,
 * hooks and tests, and every process it started (a local cloud's containers, dynalite,
 * esbuild, Chromium): what `/usr/bin/time` shows for a whole run, per file. `startup` is the
 * worker's own CPU before the file began: a fork's start-up in a fresh process, the files
 * before it in a shared one. Linux only (/proc).
 */
const log = process.env.TEST_CPU_LOG;

/** user + system seconds of a process and of its children it has waited for. */
function ticks(stat: string): { parent: number; seconds: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (i: number) => Number(fields[i]);
  return { parent: at(1), seconds: (at(11) + at(12) + at(13) + at(14)) / 100 };
}

function readStat(pid: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // ended between the listing and the read
  }
}

/** CPU seconds of this process and all its descendants, running or ended. */
function treeSeconds(): number {
  const byParent = new Map<number, { pid: number; seconds: number }[]>();
  let own = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const stat = readStat(pid);
    if (!stat) continue;
    const { parent, seconds } = ticks(stat);
    if (Number(pid) === process.pid) own = seconds;
    byParent.set(parent, [...(byParent.get(parent) ?? []), { pid: Number(pid), seconds }]);
  }
  let total = own;
  const pending = [process.pid];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of byParent.get(pid) ?? []) {
      total += child.seconds;
      pending.push(child.pid);
    }
  }
  return total;
}

if (log) {
  const startup = ticks(readStat(String(process.pid)) ?? '').seconds;
  const before = treeSeconds();
  // Vitest reads the first parameter as fixtures and wants a pattern; the file is the second.
  // eslint-disable-next-line no-empty-pattern
  afterAll(({}, file) => {
    const line = {
      file: 'filepath' in file ? file.filepath : file.name,
      pid: process.pid,
      startup,
      cpu: Number((treeSeconds() - before).toFixed(2)),
    };
    appendFileSync(log, `${JSON.stringify(line)}\n`);
  });
}
