import { mkdir } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';
import { fixture, route } from '../support/fixture-functions';
import { hasChromium, chromiumContext, warnWithoutChromium } from '../support/chromium';

/**
 * The local dashboard under load, in a real browser: a burst that throttles
 * a function at its reserved concurrency, slow answers and a failing partner
 * move the latency, throughput and throttle charts and turn the matching
 * alarms to ALARM, each told once in the log; when the load stops they go
 * back to OK. Time is compressed 40× (a one-minute period lasts 1.5 s, a
 * five-minute one 7.5 s) so it takes seconds, not minutes, yet a period
 * still holds a few answers on a busy machine (a round of the load lasts 1.2 s).
 */
/** Where the screenshot goes: test-output/ (git-ignored), or SCREENSHOT_DIR. */
const outputDir = process.env.SCREENSHOT_DIR ?? 'test-output';

warnWithoutChromium('dashboard load browser test');

describe.skipIf(!hasChromium)('the local dashboard under load, in Chromium', () => {
  let cloud: LocalCloud;
  let context: BrowserContext;
  let page: Page;
  const alarmLines: string[] = [];

  beforeAll(async () => {
    cloud = await startLocalCloud({
      onLine: () => undefined,
      onAlarm: (line) => alarmLines.push(line),
      timeScale: 40,
      extraFunctions: {
        sleepReserved: fixture('sleep', { reservedConcurrency: 1 }),
        sleep: fixture('sleep'),
      },
      extraRoutes: [
        route('GET', '/fixtures/reserved', 'sleepReserved'),
        route('GET', '/fixtures/slow', 'sleep'),
      ],
    });
    context = await chromiumContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await cloud?.close();
  });

  const points = (widget: string) =>
    page.locator(`figure[data-widget="${widget}"]`).getAttribute('data-points').then(Number);
  const state = (alarm: string) =>
    page.locator(`tr[data-alarm="${alarm}"]`).getAttribute('data-state');

  it('moves the charts and fires the matching alarms, which recover when the load stops', async () => {
    await page.goto(cloud.dashboardUrl);
    await expect.poll(() => state('Api5xxRate'), { timeout: 15_000 }).toBe('OK');
    for (const chart of ['API requests', 'API latency (ms)', 'Throttles']) {
      expect(await points(chart), chart).toBe(0);
    }

    // Load until the alarms have fired (at most 60 s): bursts of 3 against reserved
    // concurrency 1 (2 throttled, answered 500, 1 answering in 1.2 s), a slow answer,
    // reads, and a partner failing every call.
    cloud.partner?.setMode('failing');
    let loaded = false;
    const until = Date.now() + 60_000;
    const statuses: number[] = [];
    const hit = async (path: string) => {
      const response = await fetch(`${cloud.url}${path}`);
      await response.arrayBuffer();
      statuses.push(response.status);
    };
    const load = async () => {
      while (!loaded && Date.now() < until) {
        await Promise.all([
          ...Array.from({ length: 3 }, () => hit('/fixtures/reserved?ms=1200')),
          // One slow answer in every round: each round then lasts 1.2 s, so the fast
          // answers (throttles, reads) cannot outnumber the slow ones a hundred to one
          // and hide them from p99, however fast this machine is.
          hit('/fixtures/slow?ms=1200'),
          hit('/external-data'),
          hit('/posts'),
        ]);
      }
    };
    const loading = Promise.all([load(), load()]);

    try {
      for (const chart of [
        'API requests',
        'API latency (ms)',
        'Throttles',
        'Partner API and breaker',
      ]) {
        await expect.poll(() => points(chart), { timeout: 15_000 }).toBeGreaterThan(0);
      }
      await Promise.all(
        ['Api5xxRate', 'ApiLatencyP99', 'LambdaThrottles', 'FunctionThrottles-sleepReserved'].map(
          (alarm) =>
            expect
              .poll(() => state(alarm), { timeout: 55_000 })
              .toBe('ALARM')
              .catch((error: Error) => {
                const view = cloud.dashboard.evaluator.views().find((v) => v.name === alarm);
                throw new Error(`${alarm}: ${view?.state}, ${view?.reason}`, { cause: error });
              }),
        ),
      );
      await mkdir(outputDir, { recursive: true });
      await page.screenshot({ path: `${outputDir}/local-dashboard-load.png`, fullPage: false });
    } finally {
      loaded = true;
      await loading;
      cloud.partner?.setMode('healthy');
    }
    expect(statuses).toContain(500);
    expect(statuses).toContain(503);

    // What would have paged: the alarms with an SNS action, never their silent members.
    expect(alarmLines.some((l) => l.startsWith('ALARM Api5xxRate:'))).toBe(true);
    expect(alarmLines.some((l) => l.startsWith('ALARM LambdaThrottles:'))).toBe(true);
    expect(alarmLines.some((l) => l.includes('FunctionThrottles-sleepReserved:'))).toBe(false);

    // Load over: no 5xx, no slow answers, no throttles; each recovers as its rule says.
    for (const alarm of ['Api5xxRate', 'ApiLatencyP99', 'LambdaThrottles']) {
      await expect.poll(() => state(alarm), { timeout: 60_000, interval: 500 }).toBe('OK');
    }
    expect(alarmLines.some((l) => l.startsWith('OK Api5xxRate:'))).toBe(true);
    const history = await page.locator('[data-metric="alarm/Api5xxRate/history"]').textContent();
    expect(history).toMatch(/ALARM→OK.*OK→ALARM/);
  }, 200_000);
});
