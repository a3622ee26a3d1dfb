import { spawnSync } from 'node:child_process';

/** Linux scheduling classes as /proc/<pid>/stat's 41st field gives them. */
export const SCHED_OTHER = 0;
export const SCHED_IDLE = 5;

/**
 * Whether a container can move itself into SCHED_IDLE here: Linux, with util-linux's `chrt`
 * on the default search path, which is where a container finds it (its environment has no
 * PATH; local/lambda/thread-priority.ts). Where not, the tests that check the class skip.
 */
export const chrtFound =
  process.platform === 'linux' &&
  spawnSync('chrt', ['--version'], { stdio: 'ignore', env: {} }).status === 0;
