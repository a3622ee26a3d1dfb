import type { LocalCloudOptions } from '../../local/local-cloud';

/**
 * For a local cloud whose tests wait on its queue workers' work: the workers at normal
 * priority, as on AWS (their own cores), so a loaded machine cannot starve them. The dev
 * default, nice 19 and SCHED_IDLE, has its own test (test/local-lambda/lambda-pool.test.ts).
 */
export const workersAtNormalPriority: Pick<LocalCloudOptions, 'niceWorkers'> = {
  niceWorkers: false,
};
