import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import Redis from 'iovalkey';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { PostsCache } from '../../functions/adapters/cache/posts-cache';
import { cacheStore } from '../../functions/adapters/cache/container-cache-store';
import { ValkeyStore } from '../../functions/adapters/cache/valkey-store';
import { PostsTable } from '../../functions/adapters/posts-table';
import type { Post } from '../../functions/domain/post';
import { readPost } from '../../functions/domain/read-post';
import { SingleFlight } from '../../functions/domain/single-flight';
import { functions, service } from '../../lib/description';
import { apiEvent, lambdaContext, signedIn } from '../support/api-event';
import { emittedMetrics } from '../support/emf';
import { eventually } from '../support/eventually';
import { localTable } from '../support/local-dynamodb';
import { localJobQueues, type LocalJobQueues } from '../support/local-job-queues';
import { localMediaBucket, type LocalMediaBucket } from '../support/local-media-bucket';
import {
  findRedisServer,
  noRedisReason,
  startRedisServer,
  type RedisServer,
} from '../support/redis-server';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * Cache-aside against a real Valkey/Redis server: the deployed handlers,
 * dynalite behind them, the server reached through a proxy that can stall.
 */
const binary = await findRedisServer();
if (!binary) console.warn(`skipping the Valkey cache tests: ${noRedisReason}`);

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
const handlers: Record<string, Handler> = {};
let table: Awaited<ReturnType<typeof localTable>>;
let media: LocalMediaBucket;
let jobQueues: LocalJobQueues;
let redis: RedisServer;
let proxy: TcpProxy;
let inspect: Redis;

/** What a GET may take at most: the handler's own deadline (past it, it answers 504). */
const budgetMs = functions.getPost.timeoutSeconds * 1000 - functions.getPost.deadlineMarginMs;

beforeAll(async () => {
  if (!binary) return;
  table = await localTable();
  media = await localMediaBucket();
  jobQueues = await localJobQueues();
  redis = await startRedisServer(binary);
  proxy = await startTcpProxy(redis.port);
  process.env.CACHE_URL = `redis://127.0.0.1:${proxy.port}`;
  // Metrics on (to stdout, where emittedMetrics collects them), as in Lambda.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  for (const name of ['create-post', 'get-post', 'delete-post', 'request-media-upload']) {
    handlers[name] = (
      (await import(`../../functions/api/${name}.ts`)) as { handler: Handler }
    ).handler;
  }
  // The handlers' container connects at load; let it finish, as a warm container would have.
  await cacheStore()?.ping(5_000);
  inspect = new Redis(redis.port, '127.0.0.1', { lazyConnect: true });
  inspect.on('error', () => undefined);
});

afterAll(async () => {
  if (!binary) return;
  inspect.disconnect();
  await proxy.close();
  await redis.stop();
  await table.close();
  await media.close();
  await jobQueues.close();
});

async function call(name: string, event: Parameters<typeof apiEvent>[0]) {
  const handler = handlers[name];
  if (!handler) throw new Error(name);
  // Metrics are on: keep their EMF lines out of the test output.
  return (await emittedMetrics(() => handler(apiEvent(event), lambdaContext(name)))).result;
}

/** A post as its request leaves it: `processing`, which the cache never keeps. */
async function createProcessingPost(author = 'vera'): Promise<Post> {
  const created = await call('create-post', {
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content: 'Cached?', post_type: 'news', author_id: author }),
    requestContext: signedIn(author),
  });
  expect(created.statusCode).toBe(201);
  return JSON.parse(created.body) as Post;
}

/** What the workers do when a post's jobs are done: its status becomes `ready`. */
async function markReady(id: string): Promise<void> {
  await documentClient(functions.getPost.sdk).send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk: `POST#${id}`, sk: 'POST' },
      UpdateExpression: 'SET #s = :ready',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':ready': 'ready' },
    }),
  );
}

/** A settled post (the kind the cache keeps), as GET /posts/{id} shows it: no `jobs`. */
async function createPost(author = 'vera'): Promise<Post> {
  const post = await createProcessingPost(author);
  await markReady(post.id);
  const shown: Post = { ...post, status: 'ready' };
  delete (shown as { jobs?: unknown }).jobs;
  return shown;
}

async function get(id: string) {
  const started = performance.now();
  const answer = await call('get-post', { pathParameters: { id } });
  return {
    status: answer.statusCode,
    cache: answer.headers?.['x-cache'] as string | undefined,
    post: answer.statusCode === 200 ? (JSON.parse(answer.body) as Post) : undefined,
    ms: performance.now() - started,
  };
}

/**
 * A read that reached the cache, for the tests of what is cached (not of a cache that is down
 * or stalls). A cache call past the 50 ms command timeout (a loaded machine) answers BYPASS,
 * fills nothing and says nothing about what is cached: such a read is made again. After a
 * cache stopped, the same waits out the store's reconnect backoff (a timer of its own).
 */
async function read(id: string): ReturnType<typeof get> {
  return eventually(async () => {
    const answer = await get(id);
    if (answer.cache === 'BYPASS') throw new Error(`GET /posts/${id} never reached the cache`);
    return answer;
  });
}

describe.skipIf(!binary)('GET /posts/{id} with a Valkey cache', () => {
  it('misses, then hits: the second read is served from the cache server', async () => {
    const post = await createPost();
    const first = await read(post.id);
    expect(first).toMatchObject({ status: 200, cache: 'MISS', post });
    const second = await read(post.id);
    expect(second).toMatchObject({ status: 200, cache: 'HIT', post });
    // The whole view is cached, its media list included: a hit reads nothing else.
    const stored = await inspect.get(PostsCache.key(post.id));
    expect(JSON.parse(stored ?? 'null')).toEqual({ ...post, media: [] });
    const ttl = await inspect.pttl(PostsCache.key(post.id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(service.cache.postTtlSeconds * 1000);
  });

  it('serves a hit from the cache alone: no table read, nothing signed anew', async () => {
    const post = await createPost();
    const key = PostsCache.key(post.id);
    // A cache call past the 50 ms command timeout (a loaded machine) answers BYPASS or fills
    // nothing: such a miss is read again, from an empty cache, until it stored the view.
    const miss = await eventually(async () => {
      await inspect.del(key);
      const answer = await call('get-post', { pathParameters: { id: post.id } });
      expect(answer.headers?.['x-cache'], 'the first read reached the cache').toBe('MISS');
      expect(await inspect.get(key), 'the miss stored the view').not.toBeNull();
      return answer;
    });
    const { result: hit, metrics } = await eventually(async () => {
      const answer = await emittedMetrics(() =>
        handlers['get-post']!(
          apiEvent({ pathParameters: { id: post.id } }),
          lambdaContext('getPost'),
        ),
      );
      if (answer.result.headers?.['x-cache'] === 'BYPASS')
        throw new Error(`GET /posts/${post.id} never reached the cache`);
      return answer;
    });
    expect(hit.headers?.['x-cache']).toBe('HIT');
    expect(metrics.DynamoDBLatency).toBeUndefined();
    // The very answer the miss built, byte for byte.
    expect(hit.body).toBe(miss.body);
  });

  it('drops the view when an image is requested, and keeps none while an image is pending', async () => {
    const post = await createPost();
    await read(post.id);
    expect((await read(post.id)).cache).toBe('HIT');
    const upload = await call('request-media-upload', {
      httpMethod: 'POST',
      pathParameters: { id: post.id },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content_type: 'image/png', size: 1234 }),
      requestContext: signedIn('vera'),
    });
    expect(upload.statusCode).toBe(201);
    const after = await read(post.id);
    expect(after.cache).toBe('MISS');
    // A reader sees no image until it is ready.
    expect((after.post as unknown as { media: unknown[] }).media).toEqual([]);
    // The media worker that decides it runs outside the VPC: such a view is never cached. A
    // read past the 50 ms command timeout (a loaded machine) answers BYPASS and says nothing
    // about what is cached, so the next read that reaches the cache decides.
    expect((await read(post.id)).cache).toBe('MISS');
  });

  it('invalidates on delete: the next read is a 404, not the cached post', async () => {
    const post = await createPost();
    await read(post.id);
    expect((await read(post.id)).cache).toBe('HIT');
    const deleted = await call('delete-post', {
      httpMethod: 'DELETE',
      pathParameters: { id: post.id },
      requestContext: signedIn('vera'),
    });
    expect(deleted.statusCode).toBe(204);
    expect((await get(post.id)).status).toBe(404);
  });

  it('never caches a post still processing: its status change needs no invalidation', async () => {
    const post = await createProcessingPost();
    expect(await read(post.id)).toMatchObject({ cache: 'MISS', post: { status: 'processing' } });
    expect(await read(post.id)).toMatchObject({ cache: 'MISS', post: { status: 'processing' } });
    expect(await inspect.get(PostsCache.key(post.id))).toBeNull();
    await markReady(post.id);
    expect(await read(post.id)).toMatchObject({ cache: 'MISS', post: { status: 'ready' } });
    expect(await read(post.id)).toMatchObject({ cache: 'HIT', post: { status: 'ready' } });
  });

  it('never lets a read that began before an invalidation put the old post back', async () => {
    const post = await createPost();
    const store = new ValkeyStore({ ...valkeyOptions(), url: redis.url });
    const cache = new PostsCache(store);
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const atTable = new Promise<void>((r) => (reached = r));
    const slowTable = {
      // The read has the old post in hand, and is held until after the invalidation.
      get: async () => {
        const held = new Promise<void>((r) => (release = r));
        reached();
        await held;
        return post;
      },
    };
    const reading = readPost({ posts: slowTable, cache, reads: new SingleFlight() }, post.id);
    await atTable;
    await cache.invalidate(post.id);
    release();
    expect((await reading).cache).toBe('MISS');
    expect(await cache.get(post.id)).toBeUndefined();
    await store.close();
  });

  it('makes one DynamoDB read for many concurrent misses of one post', async () => {
    const post = await createPost();
    const store = new ValkeyStore({ ...valkeyOptions(), url: redis.url });
    const posts = repositoryOf();
    let reads = 0;
    const counting = {
      get: (id: string) => {
        reads += 1;
        return posts.get(id);
      },
    };
    const deps = {
      posts: counting,
      cache: new PostsCache(store),
      reads: new SingleFlight<Post | undefined>(),
    };
    const answers = await Promise.all(Array.from({ length: 20 }, () => readPost(deps, post.id)));
    expect(reads).toBe(1);
    expect(answers.every((a) => a.post.id === post.id && a.cache === 'MISS')).toBe(true);
    expect((await readPost(deps, post.id)).cache).toBe('HIT');
    expect(reads).toBe(1);
    await store.close();
  });

  it('answers 200 from DynamoDB, within the budget, while the cache server is stopped', async () => {
    const post = await createPost();
    await read(post.id);
    expect((await read(post.id)).cache).toBe('HIT');
    await redis.stop();
    const { result: answers, metrics } = await emittedMetrics(async () => {
      const all = [];
      for (let i = 0; i < 5; i += 1) all.push(await get(post.id));
      return all;
    });
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 200, cache: 'BYPASS', post });
      expect(answer.ms).toBeLessThan(budgetMs);
    }
    expect(metrics.CacheError?.length).toBe(5);
    expect(metrics.CacheBypass?.length).toBe(5);

    await redis.restart();
    // Empty after the restart: the first read through it is a miss, the next a hit.
    expect((await read(post.id)).cache).toBe('MISS');
    expect((await read(post.id)).cache).toBe('HIT');
  });

  it('answers 200 from DynamoDB, within the budget, while the cache server stalls', async () => {
    const post = await createPost();
    await read(post.id);
    expect((await read(post.id)).cache).toBe('HIT');
    proxy.stall();
    try {
      for (let i = 0; i < 5; i += 1) {
        const answer = await get(post.id);
        expect(answer).toMatchObject({ status: 200, cache: 'BYPASS', post });
        expect(answer.ms).toBeLessThan(budgetMs);
      }
    } finally {
      proxy.resume();
    }
    expect((await read(post.id)).cache).toBe('HIT');
  });
});

describe.skipIf(!binary)('ValkeyStore', () => {
  it('fails fast while the server is down, then reconnects after its backoff', async () => {
    // The backoff is what is asserted, not the 50 ms command timeout (the stalled-server tests
    // are): with it, the first SET (connecting too) timed out at load 25 before the server
    // was even stopped. Refused connections fail at once whatever the timeout.
    const commandTimeoutMs = service.cache.connectTimeoutMs;
    const store = new ValkeyStore({ ...valkeyOptions(), commandTimeoutMs, url: redis.url });
    await store.set('posts-api:probe', 'x', 10_000);
    expect(await store.get('posts-api:probe')).toBe('x');
    await redis.stop();
    // Once the lost connection is noticed and one reconnect has failed, calls are refused
    // at once (the backoff): no connection attempt, no timeout waited.
    const errors: string[] = [];
    for (let i = 0; i < 20 && !errors.some((e) => /failed recently/.test(e)); i += 1) {
      errors.push(await store.get('posts-api:probe').then(String, (e: Error) => e.message));
      // Polling: the client notices the lost connection by itself; nothing signals when.
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(errors.at(-1)).toMatch(/failed recently/);
    expect(errors.some((e) => /connect/i.test(e))).toBe(true);
    await redis.restart();
    const until = Date.now() + 10_000;
    let back = false;
    while (!back && Date.now() < until) {
      back = await store.ping().then(
        () => true,
        () => false,
      );
      // Polling: the reconnect happens after the store's own backoff; nothing signals it.
      if (!back) await new Promise((r) => setTimeout(r, 50));
    }
    expect(back).toBe(true);
    await store.close();
  });

  it('authenticates with the credentials it is given on each connection', async () => {
    const admin = new Redis(redis.port, '127.0.0.1');
    admin.on('error', () => undefined);
    await admin.call('ACL', 'SETUSER', 'app', 'on', '>s3cret', '~posts-api:*', '+@all');
    admin.disconnect();
    let asked = 0;
    const store = new ValkeyStore({
      ...valkeyOptions(),
      url: redis.url,
      credentials: async () => {
        asked += 1;
        return { username: 'app', password: 's3cret' };
      },
    });
    await store.set('posts-api:acl', 'ok', 10_000);
    expect(await store.get('posts-api:acl')).toBe('ok');
    // The user may only touch the service's own keys.
    await expect(store.get('other:key')).rejects.toThrow(/NOPERM|permission/i);
    expect(asked).toBe(1);
    await store.close();
  });
});

function valkeyOptions() {
  const c = service.cache;
  return {
    commandTimeoutMs: c.commandTimeoutMs,
    connectTimeoutMs: c.connectTimeoutMs,
    reconnectBackoffMs: c.reconnectBackoffMs,
    timeoutsBeforeReconnect: c.timeoutsBeforeReconnect,
  };
}

function repositoryOf(): PostsTable {
  return new PostsTable(documentClient(functions.getPost.sdk), table.tableName);
}
