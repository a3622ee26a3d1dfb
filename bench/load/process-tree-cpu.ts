import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ): 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, µs) of this process and everything it started:
 * its own threads, its live descendants (the Lambda containers are child
 * processes, the DynamoDB server is one) and the children it has already
 * reaped. What the local cloud costs the machine, wherever the work runs.
 * Outside Linux (no /proc): this process only.
 */
export function processTreeCpuMicros(): number {
  const { user, system } = process.cpuUsage();
  if (process.platform !== 'linux') return user + system;
  const own = statFields(process.pid);
  // cutime + cstime: children that ended and were waited for.
  const reaped = own ? (Number(own[13]) + Number(own[14])) * (1_000_000 / TICKS_PER_SECOND) : 0;
  let live = 0;
  for (const pid of descendants(process.pid)) live += cpuMicrosOf(pid) ?? 0;
  return user + system + reaped + live;
}

/** CPU time (user + system, µs) of one live process, or undefined once it has ended. */
export function cpuMicrosOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[11]) + Number(fields[12])) * (1_000_000 / TICKS_PER_SECOND);
}

/**
 * What a process of the local cloud is, for a split of its CPU: `cloud` for `root`, a Lambda
 * container's function name (its config is an argument), `dynalite`, or its command's end.
 */
export function processLabel(pid: number, root: number): string {
  if (pid === root) return 'cloud';
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const fn = /"functionName":"(\w+)"/.exec(command)?.[1];
    if (fn) return fn;
    if (command.includes('dynalite')) return 'dynalite';
    return command.split('\0').slice(0, 3).join(' ').slice(-40);
  } catch {
    return '?'; // it ended meanwhile
  }
}

/** Fields of /proc/<pid>/stat after the command (field 3, `state`, is index 0). */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // it ended meanwhile
  }
}

/** The live descendants of `pid`, children of any of its threads, found through /proc. */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.pop() as number;
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      let children: string;
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean).map(Number)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}
