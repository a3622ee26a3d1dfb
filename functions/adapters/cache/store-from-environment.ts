import { readEnvironment, service, type EnvironmentSource } from '../../../lib/description';
import { lambdaCredentials } from '../lambda-credentials';
import { elastiCacheIamToken } from './iam-auth-token';
import type { KeyValueStore } from './key-value-store';
import { MemoryStore } from './memory-store';
import { ValkeyStore, type CacheCredentials } from './valkey-store';

/**
 * The cache this container's environment names: `CACHE_URL` = `redis://` or
 * `rediss://` for Valkey/Redis (IAM auth when `CACHE_USER` and `CACHE_NAME`
 * are set), `memory://<namespace>` for the in-process store, unset for none.
 */
export function storeFromEnvironment(env?: EnvironmentSource): KeyValueStore | undefined {
  const connection = readEnvironment(undefined, env).cache();
  if (!connection) return undefined;
  const { url, iamUser: user, name, region } = connection;
  const settings = service.cache;
  if (url.startsWith('memory:')) {
    return new MemoryStore({
      maxEntries: settings.localMaxEntries,
      channel: `${service.name}-cache:${url}`,
    });
  }
  return new ValkeyStore({
    url,
    credentials: user && name && region ? iamCredentials(user, name, region) : undefined,
    commandTimeoutMs: settings.commandTimeoutMs,
    connectTimeoutMs: settings.connectTimeoutMs,
    reconnectBackoffMs: settings.reconnectBackoffMs,
    timeoutsBeforeReconnect: settings.timeoutsBeforeReconnect,
  });
}

function iamCredentials(
  userId: string,
  cacheName: string,
  region: string,
): () => Promise<CacheCredentials> {
  // The function role's credentials, as every SDK client of the function has them.
  const credentials = lambdaCredentials;
  return async () => ({
    username: userId,
    password: await elastiCacheIamToken({ cacheName, userId, region, credentials }),
  });
}

/** The configured store, a Valkey one already connecting (during init, not on a first request). */
export function openStoreFromEnvironment(): KeyValueStore {
  const store = storeFromEnvironment();
  if (!store) throw new Error('CACHE_URL is not set: this container has no cache');
  if (store instanceof ValkeyStore) store.open();
  return store;
}
