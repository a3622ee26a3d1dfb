import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentile } from '../../local/dashboard/metric-series';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { startSqsServer, type SqsServer } from '../../local/sqs';
import { fixture, route } from '../support/fixture-functions';
import { hasChromium, chromiumContext, warnWithoutChromium } from '../support/chromium';
import { typedApiWithToken } from '../support/typed-api';

/**
 * The local dashboard in a real browser: send known traffic, open the page,
 * and read back the numbers it draws. Needs Debian's Chromium; without it the
 * suite is skipped with the reason printed.
 */
warnWithoutChromium('dashboard browser test');

describe.skipIf(!hasChromium)('the local dashboard, in Chromium', () => {
  let cloud: LocalCloud;
  let sqsDir: string;
  let sqsServer: SqsServer;
  let sqs: SQSClient;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    sqsDir = await mkdtemp(join(tmpdir(), 'posts-api-dashboard-sqs-'));
    sqsServer = await startSqsServer({ port: 0, dataDir: sqsDir });
    sqs = new SQSClient({
      endpoint: sqsServer.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    cloud = await startLocalCloud({
      onLine: () => undefined,
      // What the requests below show, not what the workers or the schedules do: no queue
      // pollers (the queues shown are `sqsServer`'s), no cache probe.
      eventSources: false,
      schedules: false,
      queueStats: sqsServer.store,
      extraFunctions: {
        emit: fixture('emit'),
        counter: fixture('counter'),
        sleepReserved: fixture('sleep', { reservedConcurrency: 1 }),
      },
      extraRoutes: [
        // A bucket of 2 that practically never refills.
        route('GET', '/fixtures/limited', 'counter', {
          throttle: { rateLimit: 0.001, burstLimit: 2 },
        }),
        route('GET', '/fixtures/reserved', 'sleepReserved'),
      ],
    });
    context = await chromiumContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await cloud?.close();
    sqs?.destroy();
    await sqsServer?.close();
    if (sqsDir) await rm(sqsDir, { recursive: true, force: true });
  });

  const cell = (metric: string) => page.locator(`[data-metric="${metric}"]`);
  /** Waits until the page, polling once a second, shows this value. */
  const shows = (metric: string, value: string) =>
    expect.poll(() => cell(metric).textContent(), { timeout: 15_000 }).toBe(value);

  it('draws the numbers of the traffic sent', async () => {
    const token = await cloud.issuer.token('dash');
    const post = (content: string) =>
      typedApiWithToken(cloud.url, token).POST('/posts', {
        body: { content, post_type: 'news', author_id: 'dash' },
      });
    // 3 posts created, one after another: one createPost container, one cold start.
    const ids: string[] = [];
    for (const content of ['one', 'two', 'three']) {
      const created = await post(content);
      expect(created.response.status).toBe(201);
      ids.push(created.data?.id ?? '');
    }
    // 4 reads: 2 found, 2 not (404).
    for (const id of [ids[0], ids[1], randomUUID(), randomUUID()]) {
      await typedApiWithToken(cloud.url).GET('/posts/{id}', { params: { path: { id: id ?? '' } } });
    }
    // 5 requests against a throttle of 2: 3 answered 429 by the gateway.
    const limited = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${cloud.url}/fixtures/limited`)),
    );
    expect(limited.map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
    // 2 at once against reserved concurrency 1: Lambda throttles one (the gateway answers 500).
    const reserved = await Promise.all(
      Array.from({ length: 2 }, () => fetch(`${cloud.url}/fixtures/reserved?ms=1500`)),
    );
    expect(reserved.map((r) => r.status).sort()).toEqual([200, 500]);
    // A route that does not exist.
    expect((await fetch(`${cloud.url}/nowhere`)).status).toBe(404);
    // Custom metrics written by Powertools in a function: 3 values in one EMF line.
    expect((await cloud.pools.get('emit')?.invoke({ values: [10, 20, 30] }))?.outcome.ok).toBe(
      true,
    );
    // Queues: 3 sent to jobs, 1 of them received (in flight); 1 in its dead-letter queue.
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'jobs-dlq' }));
    const dlqArn = `arn:aws:sqs:us-east-1:000000000000:jobs-dlq`;
    const jobs = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'jobs',
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
        },
      }),
    );
    for (const n of [1, 2, 3]) {
      await sqs.send(new SendMessageCommand({ QueueUrl: jobs.QueueUrl, MessageBody: `job ${n}` }));
    }
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs.QueueUrl, VisibilityTimeout: 300 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq.QueueUrl, MessageBody: 'failed job' }));

    await page.goto(cloud.dashboardUrl);

    // API Gateway, per route and in total (15 requests, the unknown route included).
    await shows('route/POST /posts/requests', '3');
    await shows('route/POST /posts/4xx', '0');
    await shows('route/POST /posts/cold-starts', '1');
    await shows('route/GET /posts/{id}/requests', '4');
    await shows('route/GET /posts/{id}/4xx', '2');
    await shows('route/GET /fixtures/limited/requests', '5');
    await shows('route/GET /fixtures/limited/throttled', '3');
    await shows('route/GET /fixtures/reserved/5xx', '1');
    await shows('route/all/requests', '15');
    await shows('route/all/4xx', '6');
    await shows('route/all/5xx', '1');

    // Lambda, per function.
    await shows('function/createPost/invocations', '3');
    await shows('function/createPost/cold-starts', '1');
    await shows('function/createPost/errors', '0');
    await shows('function/getPost/invocations', '4');
    await shows('function/counter/invocations', '2');
    await shows('function/sleepReserved/invocations', '1');
    await shows('function/sleepReserved/throttles', '1');
    const durations = (cloud.pools.get('getPost')?.reports ?? []).map((r) =>
      Number(r.durationMs.toFixed(2)),
    );
    durations.sort((a, b) => a - b);
    await shows('function/getPost/duration-p50', percentile(durations, 50)?.toFixed(1) ?? '');
    await shows('function/getPost/duration-p99', percentile(durations, 99)?.toFixed(1) ?? '');

    // Custom metrics, from the EMF lines the handlers wrote.
    await shows('custom/PostsApi/PostCreated/service=posts-api/sum', '3');
    await shows('custom/PostsApi/RequestRefused/service=posts-api/sum', '2');
    await shows('custom/PostsApi/ColdStart/function_name=getPost, service=posts-api/sum', '1');
    await shows('custom/Fixtures/WidgetMs/kind=widget, service=fixtures/samples', '3');
    await shows('custom/Fixtures/WidgetMs/kind=widget, service=fixtures/sum', '60');
    await shows('custom/Fixtures/WidgetMs/kind=widget, service=fixtures/p50', '20');
    await shows('custom/Fixtures/WidgetMs/kind=widget, service=fixtures/p99', '30');

    // Queues.
    await shows('queue/jobs/visible', '2');
    await shows('queue/jobs/in-flight', '1');
    await shows('queue/jobs-dlq/visible', '1');
    await shows('queue/jobs-dlq/dead-letter-for', 'jobs');
    // Whole seconds since the oldest message was sent during this suite: a number, not blank.
    const oldestAge = (await cell('queue/jobs/oldest-age').textContent())?.trim() ?? '';
    expect(oldestAge).toMatch(/^\d+$/);
    expect(Number(oldestAge)).toBeLessThan(300);
  });

  it('keeps drawing: new traffic appears without reloading the page', async () => {
    const before = Number(await cell('route/GET /posts/{id}/requests').textContent());
    const id = randomUUID();
    await typedApiWithToken(cloud.url).GET('/posts/{id}', { params: { path: { id } } });
    await shows('route/GET /posts/{id}/requests', String(before + 1));
  });
});
