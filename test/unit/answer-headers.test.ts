import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../functions/domain/errors';
import { httpHandler } from '../../functions/http/http-handler';
import { json, type HttpEvent } from '../../functions/http/http-event';
import { jsonBody } from '../../functions/http/json-body';
import { functions } from '../../lib/description';
import { apiEvent, lambdaContext, signedIn } from '../support/api-event';

/** Every answer of the one HTTP pipeline, as a browser or a shared cache would see it. */
const spec = functions.getJob;
// Its log lines and metrics (a fault is logged at ERROR) stay out of the run's output. Logger
// and Metrics read these when they are made, so they are set for that only: the unit files
// share one process.
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
const handler = httpHandler(
  'answer-headers-test',
  async (event: HttpEvent) => {
    if (event.path === '/refused') throw new DomainError('forbidden', 'not yours');
    if (event.path === '/broken') throw new Error('boom');
    if (event.path === '/body') return json(200, jsonBody(event));
    return json(200, { ok: true });
  },
  spec,
);
vi.unstubAllEnvs();

async function answer(event: Partial<HttpEvent>) {
  const result = await handler(apiEvent(event), lambdaContext('answer-headers-test'));
  return { ...result, headers: result.headers ?? {} };
}

describe('answer headers', () => {
  it('nosniff on every answer: success, refusal and fault', async () => {
    for (const path of ['/ok', '/refused', '/broken']) {
      const { headers } = await answer({ path });
      expect(headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('no-store on every answer to a signed-in caller, success or refusal', async () => {
    for (const path of ['/ok', '/refused']) {
      const { headers } = await answer({ path, requestContext: signedIn('ana') });
      expect(headers['cache-control'], path).toBe('no-store');
    }
    const withToken = await answer({ path: '/ok', headers: { Authorization: 'Bearer x' } });
    expect(withToken.headers['cache-control']).toBe('no-store');
  });

  it('leaves a public answer cacheable', async () => {
    const { headers } = await answer({ path: '/ok' });
    expect(headers['cache-control']).toBeUndefined();
  });

  it("never echoes the client's Content-Type or body into a problem", async () => {
    const hostile = 'text/html; <script>alert(1)</script>';
    const wrongType = await answer({
      path: '/body',
      httpMethod: 'POST',
      headers: { 'Content-Type': hostile },
      body: '{}',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.body).not.toContain('script');
    const badJson = await answer({
      path: '/body',
      httpMethod: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"<img src=x onerror=alert(1)>"',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.body).not.toContain('img');
  });
});
