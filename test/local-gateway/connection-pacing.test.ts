import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../local/gateway/gateway-server';
import { startFloodedGateway } from '../support/flooded-gateway';

/**
 * Fairness between connections (local/gateway/connection-pacing.ts): a
 * connection whose request a throttle refused still gets API Gateway's 429 at
 * once, but its next request is taken up only when the throttle could admit
 * it (at most the hold), so a client that never backs off cannot keep the
 * gateway's one thread busy refusing it. Other connections are not held.
 */
// Long enough that an answer not held (the other connection's, the unthrottled client's)
// comes well inside it on a loaded machine.
const holdMs = 1_500;
let gateway: Gateway;
beforeAll(async () => {
  // No burst: every request is throttled.
  gateway = await startFloodedGateway(0, { maxPacingHoldMs: holdMs });
});
afterAll(() => gateway?.close());

interface Answer {
  readonly status: number;
  readonly head: string;
  /** performance.now() when the whole answer had arrived. */
  readonly at: number;
}

/** A keep-alive connection on which requests are sent one at a time, each after the last answer. */
function connection(): { ask(request: string): Promise<Answer>; close(): void } {
  const socket: Socket = connect(gateway.port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let waiting: ((answer: Answer) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = received.subarray(0, headEnd).toString();
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    if (received.length < headEnd + 4 + length) return;
    received = received.subarray(headEnd + 4 + length);
    waiting?.({ status: Number(head.split(' ')[1]), head, at: performance.now() });
  });
  return {
    ask: (request) =>
      new Promise((answered) => {
        waiting = answered;
        socket.write(request);
      }),
    close: () => socket.destroy(),
  };
}

const flood =
  'POST /flooded HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
  'Content-Length: 2\r\n\r\n{}';
// No resource: the stage's gateway response answers it 404, without any throttle.
const unknown = 'GET /nothing-here HTTP/1.1\r\nHost: localhost\r\n\r\n';

describe('a connection refused by a throttle', () => {
  it("gets API Gateway's 429 at once, and its next request only after the hold, while another connection is answered meanwhile", async () => {
    const flooder = connection();
    const other = connection();
    try {
      // The hold starts when the gateway refuses, after this and before the answer arrives.
      const firstSent = performance.now();
      const refused = await flooder.ask(flood);
      expect(refused.status).toBe(429);
      expect(refused.head).toMatch(/x-amzn-errortype: TooManyRequestsException/i);
      expect(refused.head).toMatch(/x-amzn-requestid: /i);

      const next = flooder.ask(flood);
      // Sent while the flooder's next request is held: answered first, not held behind it.
      const meanwhile = await other.ask(unknown);
      const second = await next;
      expect(meanwhile.status).toBe(404);
      expect(meanwhile.at).toBeLessThan(second.at);
      // Still answered, with the same 429, once the hold is over.
      expect(second.status).toBe(429);
      // Measured from the first request's sending, not its answer's arrival: the answer's own
      // transit (milliseconds on a loaded machine) is part of the hold.
      expect(second.at - firstSent).toBeGreaterThanOrEqual(holdMs - 5);
    } finally {
      flooder.close();
      other.close();
    }
  });

  it('holds no connection whose requests were not throttled', async () => {
    const client = connection();
    try {
      const first = await client.ask(unknown);
      const second = await client.ask(unknown);
      expect([first.status, second.status]).toEqual([404, 404]);
      expect(second.at - first.at).toBeLessThan(holdMs);
    } finally {
      client.close();
    }
  });
});
