import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender, type Resolve } from '../../functions/adapters/http-webhook-sender';

/** The sender connects only to an address it checked, and to that very address. */
let server: Server;
let port = 0;
let connections = 0;
const seen: IncomingHttpHeaders[] = [];
let answer = 200;

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push(request.headers);
    request.resume();
    request.on('end', () =>
      response.writeHead(answer, { location: 'http://127.0.0.1:1/elsewhere' }).end('echo'),
    );
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function resolver(...answers: (readonly string[])[]): Resolve & { calls: number } {
  const resolve = Object.assign(
    async () => {
      const next = answers[Math.min(resolve.calls, answers.length - 1)] ?? [];
      resolve.calls += 1;
      return next;
    },
    { calls: 0 },
  );
  return resolve;
}

describe('webhook delivery egress', () => {
  it('refuses a name that resolves to loopback in the cloud, without connecting', async () => {
    const before = connections;
    const sender = new HttpWebhookSender({ allowLoopback: false }, resolver(['127.0.0.1']));
    const result = await sender.post(`https://hooks.example.com:${port}/x`, '{}', {}, 2_000);
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(connections).toBe(before);
  });

  it('refuses a literal internal address in every form, without connecting', async () => {
    const before = connections;
    const sender = new HttpWebhookSender({ allowLoopback: false }, resolver([]));
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[::1]']) {
      const result = await sender.post(`http://${host}:${port}/x`, '{}', {}, 2_000);
      expect(result, host).toMatchObject({ ok: false, refused: true });
    }
    expect(connections).toBe(before);
  });

  it('connects to the checked address, resolving the name once, the name kept as Host', async () => {
    // A rebinding resolver: the first answer passes, a second would point inside.
    const resolve = resolver(['10.0.0.1', '127.0.0.1'], ['169.254.169.254']);
    const sender = new HttpWebhookSender({ allowLoopback: true }, resolve);
    answer = 200;
    const result = await sender.post(`http://receiver.test:${port}/hook`, '{}', {}, 2_000);
    expect(result).toMatchObject({ ok: true, status: 200, body: 'echo' });
    expect(resolve.calls).toBe(1);
    expect(seen.at(-1)?.host).toBe(`receiver.test:${port}`);
  });

  it('does not follow a redirect', async () => {
    const sender = new HttpWebhookSender({ allowLoopback: true }, resolver(['127.0.0.1']));
    answer = 302;
    const result = await sender.post(`http://receiver.test:${port}/hook`, '{}', {}, 2_000);
    expect(result).toMatchObject({ ok: false, status: 302 });
    answer = 200;
  });
});
