import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (5 s or more each in `npm test` on a quiet 2-core machine,
 * most of it waiting: alarm periods, retry backoff, deadlines, a cold local cloud), in
 * that order. Started first, they overlap the many short files on the other workers
 * instead of one of them starting last and running alone.
 */
export const slowFiles: readonly string[] = [
  'test/local-dashboard/dashboard-load.browser.test.ts',
  'test/jobs/webhook-deliveries.test.ts',
  'test/infra/bundling.test.ts',
  'test/integration/failure-matrix.test.ts',
  'test/chaos/chaos-short.test.ts',
  'test/local-lambda/lambda-pool.test.ts',
  'test/http/caller-limits.test.ts',
  'test/jobs/post-jobs.test.ts',
  'test/infra/bench-bundles.test.ts',
  'test/fuzz/post-routes.test.ts',
  'test/local-lambda/hot-reload.test.ts',
  'test/jobs/sqs-event-source.test.ts',
  'test/http/smoke.test.ts',
  'test/local-gateway/gateway-limits.test.ts',
  'test/jobs/text-analysis-worker.test.ts',
  'test/http/guardrails.test.ts',
  'test/local-gateway/reserved-names.test.ts',
  'test/jobs/text-analysis.test.ts',
  'test/infra/posts-api-stack.test.ts',
  'test/local-dashboard/dashboard.browser.test.ts',
];

/**
 * Vitest's order (on a clean clone, without its cache of durations: by project, then by file
 * size), with `slowFiles` moved to the front. A file not listed keeps its place among the rest.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root;
    const rank = (spec: TestSpecification) => {
      const at = slowFiles.indexOf(relative(root, spec.moduleId).replaceAll('\\', '/'));
      return at === -1 ? slowFiles.length : at;
    };
    // Array.prototype.sort is stable: the unlisted files keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
