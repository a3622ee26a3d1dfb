import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/local-cloud';
import { image, type UploadTicket } from '../support/media-fixtures';
import { hasChromium, chromiumContext, warnWithoutChromium } from '../support/chromium';
import { typedApiWithToken } from '../support/typed-api';
import { eventually } from '../support/eventually';
import { workersCloud } from '../support/shared-clouds';

/**
 * A browser uploads straight to the (local) bucket through a small HTML form
 * filled with the presigned POST: a page on another origin, so the bucket's
 * CORS is exercised as in production. Needs Debian's Chromium; without it the
 * suite is skipped with the reason printed.
 */
warnWithoutChromium('media browser test');

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The upload form a web app would render from the ticket: hidden fields, then the file input. */
function uploadPage(ticket: UploadTicket): string {
  const hidden = Object.entries(ticket.upload.fields)
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('\n');
  return `<!doctype html>
<html><body>
<form id="upload" method="post" enctype="multipart/form-data" action="${escape(ticket.upload.url)}">
${hidden}
<input type="file" name="file" id="file" accept="image/png,image/jpeg,image/webp">
<button type="submit">Upload</button>
</form>
<p id="result"></p>
<script>
  document.getElementById('upload').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    try {
      const answer = await fetch(form.action, { method: 'POST', body: new FormData(form) });
      document.getElementById('result').textContent = answer.status + ' ' + (answer.headers.get('etag') || '');
    } catch (error) {
      document.getElementById('result').textContent = 'failed: ' + error;
    }
  });
</script>
</body></html>`;
}

describe.skipIf(!hasChromium)(
  'a browser upload through the presigned POST form, in Chromium',
  () => {
    let cloud: LocalCloud;
    let context: BrowserContext;
    let site: Server;
    let page = '';

    beforeAll(async () => {
      cloud = await workersCloud();
      site = createServer((_request, response) => {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(page);
      });
      await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
      context = await chromiumContext();
    });
    afterAll(async () => {
      await context?.close();
      await new Promise((resolve) => site?.close(resolve));
    });

    it('uploads the chosen file, and the post then shows it ready', async () => {
      const author = `browser-${randomUUID().slice(0, 8)}`;
      const api = typedApiWithToken(cloud.url, await cloud.issuer.token(author));
      const created = await api.POST('/posts', {
        body: { content: 'Uploaded from a browser', post_type: 'personal' },
      });
      const post = { params: { path: { id: created.data?.id ?? '' } } };
      const png = await image(1200, 900, 'png');
      const answer = await api.POST('/posts/{id}/media', {
        ...post,
        body: { content_type: 'image/png', size: png.length },
      });
      expect(answer.response.status).toBe(201);
      const ticket: UploadTicket | undefined = answer.data;
      if (!ticket) throw new Error('no upload ticket');

      page = uploadPage(ticket);
      const tab = await context.newPage();
      const { port } = site.address() as AddressInfo;
      await tab.goto(`http://127.0.0.1:${port}/`);
      await tab.setInputFiles('#file', { name: 'photo.png', mimeType: 'image/png', buffer: png });
      await tab.click('button[type=submit]');
      // Page-side code as strings: it runs in the browser, not under this test's (DOM-less) types.
      await tab.waitForFunction("document.getElementById('result').textContent !== ''");
      // 204 from S3, and the ETag readable across origins because the bucket's CORS exposes it.
      expect(await tab.textContent('#result')).toMatch(/^204 "[0-9a-f]{32}"$/);

      // Polling the API as a client would: the worker's progress is only visible there. The
      // upload's state is its author's to read; the public view shows it once ready. A read cut
      // off at its deadline (a loaded machine) is read again.
      const thumbnail = await eventually(async () => {
        const progress = await api.GET('/posts/{id}/processing', post);
        expect(progress.data?.uploads[0]?.state).toBe('ready');
        const view = await api.GET('/posts/{id}', post);
        const url = view.data?.media[0]?.thumbnail.url;
        expect(url).toBeTypeOf('string');
        return url ?? '';
      });
      // The browser shows the thumbnail from its time-limited URL.
      await tab.setContent(`<img id="thumb" src="${escape(thumbnail)}">`);
      await tab.waitForFunction("document.getElementById('thumb').complete");
      expect(await tab.evaluate("document.getElementById('thumb').naturalWidth")).toBe(320);
    });
  },
);
