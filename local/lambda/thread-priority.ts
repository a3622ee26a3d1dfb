import { readdirSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

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
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
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
