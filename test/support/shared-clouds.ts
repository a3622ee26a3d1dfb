import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/local-cloud';
import { workersAtNormalPriority } from './workers-at-normal-priority';

/**
 * This worker's shared local clouds, one per set of options. The client files whose options
 * match share one (the `clients` project in vitest.config.ts shares a module cache): a cloud's
 * start cost about 1.1 s of CPU, and each of its containers 0.17 s more at its cold start,
 * where a following file finds them warm. So a file sees what the files before it wrote: it
 * asserts on its own users, ids and before/after counts only. The clouds end with the
 * worker's process (their containers and dynalite end with their parent): files do not close
 * them.
 */
const shared = new Map<string, Promise<LocalCloud>>();

function sharedCloud(name: string, options: LocalCloudOptions): Promise<LocalCloud> {
  let cloud = shared.get(name);
  if (!cloud) {
    cloud = startLocalCloud(options);
    shared.set(name, cloud);
  }
  return cloud;
}

/** The API only: no queue pollers (no worker runs a job) and no schedules (no cache probe). */
export function apiCloud(): Promise<LocalCloud> {
  return sharedCloud('api', { onLine: () => undefined, eventSources: false, schedules: false });
}

/** The whole service, its queue workers at normal priority (`workersAtNormalPriority`). */
export function workersCloud(): Promise<LocalCloud> {
  return sharedCloud('workers', { onLine: () => undefined, ...workersAtNormalPriority });
}

// Vitest ends a worker with SIGTERM (SIGKILL half a second later): close the clouds first, so
// their temporary folders go with them.
process.once('SIGTERM', () => {
  void Promise.allSettled([...shared.values()].map(async (cloud) => (await cloud).close())).finally(
    () => process.exit(0),
  );
});
