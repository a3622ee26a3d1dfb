import { readEnvironment } from '../../../lib/description';
import { DeferredStore } from './deferred-store';
import type { KeyValueStore } from './key-value-store';

let containerStore: { store: KeyValueStore | undefined } | undefined;

/**
 * One store per container, shared by every adapter in it, reused across
 * invocations; undefined when the environment configures no cache
 * (`CACHE_URL`, see store-from-environment.ts). The store's code (the Valkey
 * client, the IAM token signer) is a dynamic import, which esbuild keeps
 * lazy inside the bundle: a function without a cache never runs it. Where a
 * cache is configured the import starts at once, and the connection opens
 * during init, as before.
 */
export function cacheStore(): KeyValueStore | undefined {
  if (!containerStore) {
    const url = readEnvironment().cache()?.url;
    containerStore = {
      store: url
        ? new DeferredStore(
            url.startsWith('memory:') ? 'memory' : 'valkey',
            import('./store-from-environment').then(({ openStoreFromEnvironment }) =>
              openStoreFromEnvironment(),
            ),
          )
        : undefined,
    };
  }
  return containerStore.store;
}
