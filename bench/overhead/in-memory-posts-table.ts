/**
 * Stands in for functions/adapters/posts-table.ts in the overhead benchmark's
 * bundles (swapped in by an esbuild plugin, so the handler files run as they
 * are): `PostsTable.forFunction(name)` gives the in-memory repository, and,
 * as the real adapter does through its SDK client, records `DynamoDBLatency`
 * for every call, so the metrics the middleware flushes are the deployed ones.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { PostRepository } from '../../functions/domain/post-repository';
import { MetricName } from '../../functions/observability/metric-names';
import { telemetry } from '../../functions/observability/telemetry';
import type { FunctionName } from '../../lib/description';
import { InMemoryPostRepository } from '../../test/support/in-memory-post-repository';

const stores = new Map<FunctionName, InMemoryPostRepository>();

/** The store behind a function's repository: the bare use-case calls read and write it directly. */
export function storeFor(name: FunctionName): InMemoryPostRepository {
  let store = stores.get(name);
  if (!store) stores.set(name, (store = new InMemoryPostRepository()));
  return store;
}

export const PostsTable = {
  forFunction(name: FunctionName): PostRepository {
    const store = storeFor(name);
    const { metrics } = telemetry(name);
    const timed = async <T>(call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await call();
      } finally {
        metrics.addMetric(
          MetricName.DynamoDBLatency,
          MetricUnit.Milliseconds,
          performance.now() - started,
        );
      }
    };
    return {
      create: (post, claim) => timed(() => store.create(post, claim)),
      get: (id) => timed(() => store.get(id)),
      listNewest: (query) => timed(() => store.listNewest(query)),
      delete: (id, ownerId) => timed(() => store.delete(id, ownerId)),
    };
  },
};
