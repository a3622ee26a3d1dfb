import { readFile } from 'node:fs/promises';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, service } from '../../lib/description';
import type { LocalCloud } from '../../local/local-cloud';
import { apiCloud } from '../support/shared-clouds';
import { hasChromium, chromiumContext, warnWithoutChromium } from '../support/chromium';

/**
 * The API's description as the local cloud serves it: `GET /openapi.json` is the committed
 * docs/openapi.json, and `/docs` renders it (Swagger UI from node_modules) in a real
 * browser, every operation listed and "Try it out" answered by the local API.
 */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await apiCloud();
});

describe('GET /openapi.json in the local cloud', () => {
  it('answers docs/openapi.json, with and without the stage', async () => {
    const committed = await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    for (const path of ['/openapi.json', `/${service.api.stageName}/openapi.json`]) {
      const answer = await fetch(`${cloud.url}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(await answer.text(), path).toBe(committed);
    }
  });
});

warnWithoutChromium('API docs browser test');

describe.skipIf(!hasChromium)('/docs, in Chromium', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await chromiumContext();
  });
  afterAll(() => context?.close());

  it('lists every operation of the description, and "Try it out" reaches the local API', async () => {
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(cloud.url)) external.push(request.url());
    });
    await page.goto(`${cloud.url}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 20_000 });
    const listed = await page
      .locator('.opblock')
      .evaluateAll((blocks) =>
        blocks.map(
          (b) =>
            `${b.querySelector('.opblock-summary-method')?.textContent?.trim()} ${b
              .querySelector('.opblock-summary-path')
              ?.getAttribute('data-path')}`,
        ),
      );
    expect(listed.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());

    const health = page.locator('#operations-health-health');
    await health.locator('.opblock-summary').click();
    // tryItOutEnabled: the operation opens ready to run.
    await health.getByRole('button', { name: 'Execute' }).click();
    const status = health.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor({ timeout: 20_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    // Bundled, no CDN: the page asks nothing of any other origin.
    expect(external).toEqual([]);
  }, 90_000);
});
