import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressThrottledBody, routes, service } from '../../lib/description';
import { ClientRateRule } from '../../local/gateway/client-rate-rule';
import { startLocalCloud, type LocalCloud } from '../../local/local-cloud';

const route = (method: string, path: string) => {
  const found = routes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no route ${method} ${path}`);
  return found;
};

describe('the per-address rule on the public reads (WAF, emulated)', () => {
  it("admits the description's requestsPerIp a window per address, then refuses only that address", () => {
    let now = 0;
    const rule = new ClientRateRule(routes, service.api.waf, () => now);
    const read = route('GET', '/posts/{id}');
    const { requestsPerIp, windowSeconds } = service.api.waf;
    for (let i = 0; i < requestsPerIp; i += 1) expect(rule.admit(read, '127.0.0.2')).toBe(true);
    expect(rule.admit(read, '127.0.0.2')).toBe(false);
    // Another address, and the same address on a signed-in route, are not affected.
    expect(rule.admit(read, '127.0.0.3')).toBe(true);
    expect(rule.admit(route('POST', '/posts'), '127.0.0.2')).toBe(true);
    expect(rule.admit(route('GET', '/webhooks'), '127.0.0.2')).toBe(true);
    now += windowSeconds * 1000;
    expect(rule.admit(read, '127.0.0.2')).toBe(true);
  });
});

/**
 * Over HTTP: two clients on one machine, told apart as WAF tells them apart, by the address
 * their connection comes from (127.0.0.2 and 127.0.0.3 are loopback addresses too). The
 * limit is shrunk from the description's 3,000 so the flood is short; the rule is the same.
 */
describe('one client flooding the public reads', () => {
  const limit = { requestsPerIp: 5, windowSeconds: 300 };
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({
      onLine: () => undefined,
      clientRateLimit: limit,
      // The rule only: no queue pollers, no cache probe.
      eventSources: false,
      schedules: false,
    });
  });
  afterAll(() => cloud?.close());

  function get(path: string, from: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
      (resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: new URL(cloud.url).port, path, localAddress: from, headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString(),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
  }

  it("is refused 429 with Retry-After once over its limit; another client's answers do not change", async () => {
    const path = `/posts/${randomUUID()}`;
    const before = await get(path, '127.0.0.3');
    expect(before.status).toBe(404);

    const flood = [];
    for (let i = 0; i < limit.requestsPerIp + 3; i += 1) flood.push(await get(path, '127.0.0.2'));
    expect(flood.map((a) => a.status)).toEqual([
      ...Array<number>(limit.requestsPerIp).fill(404),
      429,
      429,
      429,
    ]);
    const refused = flood.at(-1);
    expect(refused?.headers['retry-after']).toBe(String(service.api.waf.retryAfterSeconds));
    expect(refused?.headers['content-type']).toBe('application/json');
    expect(refused?.headers['x-content-type-options']).toBe('nosniff');
    // WAF's custom response body, the same bytes as the deployed rule's.
    expect(refused?.body).toBe(addressThrottledBody);
    // A header the client writes does not make it someone else.
    expect((await get(path, '127.0.0.2', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);

    const after = await get(path, '127.0.0.3');
    expect(after.status).toBe(before.status);
    const detail = (body: string) => (JSON.parse(body) as { detail?: string }).detail;
    expect(detail(after.body)).toBe(detail(before.body));
  });
});
