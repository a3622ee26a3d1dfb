import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../functions/adapters/cache/memory-store';
import { PostsCache } from '../../functions/adapters/cache/posts-cache';
import { ValkeyStore } from '../../functions/adapters/cache/valkey-store';
import type { Post } from '../../functions/domain/post';
import { readPost, type ReadPostDeps } from '../../functions/domain/read-post';
import { SingleFlight } from '../../functions/domain/single-flight';
import { service } from '../../lib/description';

/**
 * Cache-aside with the in-process store and a store whose server is not
 * there: what `npm run dev` does by default, and what a dead cache does,
 * with no server to install.
 */
/** A settled post (the kind the cache keeps) unless told otherwise. */
function post(status: Post['status'] = 'ready'): Post {
  const at = new Date().toISOString();
  return {
    id: randomUUID(),
    author_id: 'ida',
    content: 'x',
    post_type: 'news',
    tags: [],
    status,
    created_at: at,
    updated_at: at,
  };
}

function table(posts: Post[]) {
  const byId = new Map(posts.map((p) => [p.id, p]));
  let reads = 0;
  return {
    get: async (id: string) => {
      reads += 1;
      return byId.get(id);
    },
    get reads() {
      return reads;
    },
  };
}

const dead = new ValkeyStore({
  url: 'redis://127.0.0.1:1',
  commandTimeoutMs: service.cache.commandTimeoutMs,
  connectTimeoutMs: service.cache.connectTimeoutMs,
  reconnectBackoffMs: service.cache.reconnectBackoffMs,
  timeoutsBeforeReconnect: service.cache.timeoutsBeforeReconnect,
});
afterAll(() => dead.close());

describe('readPost', () => {
  it('misses, fills, then hits; the table is read once', async () => {
    // Only a settled post is cached (see readPost).
    const p: Post = { ...post(), status: 'ready' };
    const posts = table([p]);
    const deps: ReadPostDeps = {
      posts,
      cache: new PostsCache(new MemoryStore({ maxEntries: 10 })),
      reads: new SingleFlight(),
    };
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'MISS' });
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'HIT' });
    expect(posts.reads).toBe(1);
  });

  it('never caches a post still processing: its status is about to change', async () => {
    const p = post('processing');
    const posts = table([p]);
    const deps: ReadPostDeps = {
      posts,
      cache: new PostsCache(new MemoryStore({ maxEntries: 10 })),
      reads: new SingleFlight(),
    };
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'MISS' });
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'MISS' });
    expect(posts.reads).toBe(2);
  });

  it('bypasses when no cache is configured', async () => {
    const p = post();
    const deps: ReadPostDeps = { posts: table([p]), reads: new SingleFlight() };
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'BYPASS' });
  });

  it('reads the table, and reports the error, when the cache is down', async () => {
    const p = post();
    const errors: string[] = [];
    const deps: ReadPostDeps = {
      posts: table([p]),
      cache: new PostsCache(dead),
      reads: new SingleFlight(),
      onCacheError: (_error, operation) => errors.push(operation),
    };
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'BYPASS' });
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'BYPASS' });
    // One failed get per read; a cache that just failed is not asked to fill.
    expect(errors).toEqual(['get', 'get']);
  });

  it('answers 404 (not_found) for a post that is not there, and caches nothing', async () => {
    const store = new MemoryStore({ maxEntries: 10 });
    const deps: ReadPostDeps = {
      posts: table([]),
      cache: new PostsCache(store),
      reads: new SingleFlight(),
    };
    await expect(readPost(deps, randomUUID())).rejects.toMatchObject({ kind: 'not_found' });
    expect(store.size).toBe(0);
  });

  it('treats a cached value that is not the post as a cache error', async () => {
    const p = post();
    const store = new MemoryStore({ maxEntries: 10 });
    await store.set(PostsCache.key(p.id), JSON.stringify({ ...p, id: randomUUID() }), 10_000);
    const errors: string[] = [];
    const deps: ReadPostDeps = {
      posts: table([p]),
      cache: new PostsCache(store),
      reads: new SingleFlight(),
      onCacheError: (_e, operation) => errors.push(operation),
    };
    expect(await readPost(deps, p.id)).toEqual({ post: p, cache: 'BYPASS' });
    expect(errors).toEqual(['get']);
  });

  it('refuses an id that is not a UUID before touching the cache', async () => {
    const deps: ReadPostDeps = {
      posts: table([]),
      cache: new PostsCache(dead),
      reads: new SingleFlight(),
    };
    await expect(readPost(deps, 'nope')).rejects.toMatchObject({ kind: 'invalid' });
  });
});
