import { execFileSync } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The calling thread's task id (Linux: "/proc/thread-self" links to "<pid>/task/<tid>"). */
function currentThreadId(): number | undefined {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  return Number.isInteger(tid) && tid > 0 ? tid : undefined;
}

/**
 * Lowers the CPU priority of the calling thread only (Linux: a worker thread
 * is a task with its own id, and setpriority takes it). On a laptop a
 * CPU-bound worker container shares cores with the gateway and the API
 * containers, which in AWS run on other machines; a nice worker gives way to
 * them and still gets every idle cycle. Returns false where it cannot
 * (another OS), and the container runs at normal priority.
 */
export function lowerThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = currentThreadId();
    if (tid === undefined) return false;
    setPriority(tid, niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Lowers the CPU priority of every thread of this process (Linux): a process container's
 * own thread and the ones its Node started before the runtime ran (V8's garbage collection
 * and compiler threads, which would otherwise compete at normal priority). Threads started
 * later inherit it. Returns false where it cannot.
 */
export function lowerProcessPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    for (const tid of readdirSync('/proc/self/task')) setPriority(Number(tid), niceness);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves the container into Linux's SCHED_IDLE class: it runs only on a core that no other
 * task of the machine wants, and a task waking on its core takes the core at once. Nice 19
 * alone still takes a share of a busy core and gives it back only at the scheduler's next
 * turn: a worker's analysis delayed the GETs of a flood's first second by a few ms each
 * (bench/README.md, flood). Node has no call for the scheduling class, so util-linux's `chrt`
 * sets it (a few ms, once per container), found on the system's default search path (/bin,
 * /usr/bin): a container's environment holds nothing of the host's, PATH included.
 * `scope`: every thread of the process (threads started later inherit the class) or only the
 * calling one (a thread container). Returns false where it cannot (another OS, no `chrt`),
 * and the nice value alone applies.
 */
export function idleScheduling(scope: 'process' | 'thread'): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = scope === 'thread' ? currentThreadId() : process.pid;
    if (tid === undefined) return false;
    const args = ['--idle', '--pid', '0', String(tid)];
    execFileSync('chrt', scope === 'process' ? ['--all-tasks', ...args] : args, {
      stdio: 'ignore',
      timeout: 5_000,
    });
    return true;
  } catch {
    return false;
  }
}
