import { afterEach, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => ({ valkeyClient: 0 }));
vi.mock('iovalkey', async (importOriginal) => {
  loaded.valkeyClient += 1;
  return importOriginal();
});

/** What the functions need at import besides a cache. */
function stubFunctionEnvironment(cacheUrl?: string): void {
  vi.stubEnv('TABLE_NAME', 'posts');
  vi.stubEnv('MEDIA_BUCKET', 'media');
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.stubEnv('CACHE_URL', cacheUrl);
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  loaded.valkeyClient = 0;
});

// The Valkey client and the IAM token signer took ~17 ms of every init, cache or not.
describe('the cache client', () => {
  it('is not loaded by the functions that use a cache when none is configured', async () => {
    stubFunctionEnvironment();
    for (const entry of ['get-post', 'delete-post', 'health']) {
      await import(`../../functions/api/${entry}.ts`);
    }
    const { cacheStore } = await import('../../functions/adapters/cache/container-cache-store');
    expect(cacheStore()).toBeUndefined();
    expect(loaded.valkeyClient).toBe(0);
  });

  it('is loaded, and answers, when the environment names a cache', async () => {
    stubFunctionEnvironment('memory://cache-loading-test');
    await import('../../functions/api/get-post');
    const { cacheStore } = await import('../../functions/adapters/cache/container-cache-store');
    const store = cacheStore();
    expect(store?.kind).toBe('memory');
    await store?.set('k', 'v', 60_000);
    await expect(store?.get('k')).resolves.toBe('v');
    await store?.close();
  });
});
