import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';

let shared: Promise<LocalCloud> | undefined;

/**
 * This worker's local cloud with the API only: no queue pollers (no worker runs a job) and no
 * schedules (no cache probe), its output dropped. The client files that need no more share it
 * (the `clients` project in vitest.config.ts shares a module cache): a cloud's start cost
 * about 1.1 s of CPU, and each of its containers 0.17 s more at its cold start, where a
 * following file finds them warm. So a file sees what the files before it wrote: it asserts
 * on its own users, ids and before/after counts only. The cloud ends with the worker's
 * process (its containers and dynalite end with their parent): files do not close it.
 */
export function apiCloud(): Promise<LocalCloud> {
  shared ??= startLocalCloud({ onLine: () => undefined, eventSources: false, schedules: false });
  return shared;
}

// Vitest ends a worker with SIGTERM (SIGKILL half a second later): close the cloud first, so its
// temporary folder goes with it.
process.once('SIGTERM', () => {
  void (shared ?? Promise.resolve(undefined))
    .then((cloud) => cloud?.close())
    .finally(() => process.exit(0));
});
