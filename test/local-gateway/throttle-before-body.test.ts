import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service } from '../../lib/description';
import type { Gateway } from '../../local/gateway/gateway-server';
import { startFloodedGateway } from '../support/flooded-gateway';
import type { AccessLogEntry } from '../../local/gateway/access-log';

/**
 * API Gateway refuses a throttled request before it reads the body (no integration, no
 * request validation), so a flood of refused requests with bodies costs it no body reads.
 * The gateway alone, without functions: nothing here is admitted as far as an integration.
 */
let gateway: Gateway;
const logged: AccessLogEntry[] = [];
beforeAll(async () => {
  // One token: the first request is admitted, the rest are throttled.
  gateway = await startFloodedGateway(1, {
    onAccessLog: (entry) => logged.push(entry),
    // A refused connection's next request waits for the throttle (connection-pacing.test.ts);
    // here only the answers matter.
    maxPacingHoldMs: 10,
  });
});
afterAll(() => gateway?.close());

/** Requests written one after another on one connection; the answers, in order, once all came. */
function onOneConnection(
  requests: readonly { path: string; body: Buffer }[],
): Promise<{ status: number; json: unknown }[]> {
  return new Promise((done, fail) => {
    const socket = connect(gateway.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const answers: { status: number; json: unknown }[] = [];
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const headEnd = received.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = received.subarray(0, headEnd).toString();
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (received.length < headEnd + 4 + length) return;
        const body = received.subarray(headEnd + 4, headEnd + 4 + length).toString();
        answers.push({ status: Number(head.split(' ')[1]), json: JSON.parse(body) as unknown });
        received = received.subarray(headEnd + 4 + length);
        if (answers.length === requests.length) {
          socket.end();
          done(answers);
        }
      }
    });
    socket.on('error', fail);
    socket.on('close', () => fail(new Error(`closed after ${answers.length} answers`)));
    for (const { path, body } of requests) {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${body.length}\r\n\r\n`,
      );
      socket.write(body);
    }
  });
}

describe('a throttled request with a body', () => {
  it('is answered 429 before its body is looked at, on a connection that serves the next request', async () => {
    const tooLarge = Buffer.alloc(service.api.maxPayloadBytes + 1, 'x');
    const [admitted, refused, next] = await onOneConnection([
      // Admitted by the throttle: its body is read, and it is over the payload limit.
      { path: '/flooded', body: tooLarge },
      // Throttled: refused before its body, so the same body gets 429, not 413.
      { path: '/flooded', body: tooLarge },
      // The unread body was discarded: the connection's next request is answered as its own.
      { path: '/flooded', body: Buffer.from('{}') },
    ]);
    expect(admitted?.status).toBe(413);
    expect(refused?.status).toBe(429);
    expect(refused?.json).toMatchObject({ type: '/problems/throttled', status: 429 });
    expect(next?.status).toBe(429);
    expect(logged.map((e) => [e.status, e.errorType])).toEqual([
      [413, 'REQUEST_TOO_LARGE'],
      [429, 'THROTTLED'],
      [429, 'THROTTLED'],
    ]);
  });

  it('gets the same answer every time but for its request id', async () => {
    const answers = await onOneConnection(
      Array.from({ length: 3 }, () => ({ path: '/flooded', body: Buffer.from('{"text":"hi"}') })),
    );
    const ids = answers.map((a) => (a.json as { requestId: string }).requestId);
    expect(new Set(ids).size).toBe(3);
    for (const [i, answer] of answers.entries()) {
      expect(answer.status).toBe(429);
      expect(answer.json).toEqual({
        type: '/problems/throttled',
        title: 'Too Many Requests',
        status: 429,
        detail: 'Too Many Requests',
        requestId: ids[i],
      });
    }
  });
});
