import type { FunctionName } from '../../../lib/description';
import { cacheErrorReporter } from './cache-errors';
import { PostsCache } from './posts-cache';

/**
 * The one way to drop a post from the cache after it changed (deleted, or a
 * new status): `const invalidatePost = postInvalidator('myFunction')` at
 * module scope, then `await invalidatePost(id)` after the write. It never
 * throws; a failure counts `CacheError`. The function must declare
 * `uses: ['cache']` in lib/description/functions.ts to be given the cache (and the VPC).
 */
export function postInvalidator(name: FunctionName): (id: string) => Promise<void> {
  const cache = PostsCache.forFunction(name);
  const report = cacheErrorReporter(name);
  return async (id) => {
    if (!cache) return;
    try {
      await cache.invalidate(id);
    } catch (error) {
      report(error, 'invalidate');
    }
  };
}
