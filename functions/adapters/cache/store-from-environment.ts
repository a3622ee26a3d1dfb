import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { readEnvironment, service, type EnvironmentSource } from '../../../lib/description';
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
  // The function role's credentials, from the Lambda environment (the SDK's default chain).
  const credentials = defaultProvider();
  return async () => ({
    username: userId,
    password: await elastiCacheIamToken({ cacheName, userId, region, credentials }),
  });
}

let containerStore: { store: KeyValueStore | undefined } | undefined;

/** One store per container, shared by every adapter in it, reused across invocations. */
export function cacheStore(): KeyValueStore | undefined {
  if (!containerStore) {
    const store = storeFromEnvironment();
    if (store instanceof ValkeyStore) store.open();
    containerStore = { store };
  }
  return containerStore.store;
}
