import type { Socket } from 'node:net';

/**
 * Fairness between connections on the gateway's one event loop, a local
 * choice: API Gateway spreads a flood over a fleet of hosts, while here every
 * refusal (HTTP parsing, the 429's write) runs on the thread that also
 * answers everyone else. So a connection whose request a throttle refused has
 * its next request taken up only when the throttle could admit it (at most
 * `maxHoldMs` later). The refusal itself is answered at once, with API
 * Gateway's 429 and headers; a client that waits for each answer, as HTTP/1.1
 * clients do, simply sends its next request later, the way TCP backpressure
 * slows a sender. Other connections are not held.
 */
export class ConnectionPacing {
  private readonly due = new WeakMap<Socket, number>();

  constructor(private readonly maxHoldMs: number) {}

  /** A throttle refused a request on this connection: its next request waits `ms` (at most `maxHoldMs`). */
  hold(socket: Socket, ms: number): void {
    this.due.set(socket, performance.now() + Math.min(Math.max(ms, 0), this.maxHoldMs));
  }

  /** When the connection's next request may be taken up; undefined when it need not wait. */
  turn(socket: Socket): Promise<void> | undefined {
    const due = this.due.get(socket);
    if (due === undefined) return undefined;
    this.due.delete(socket);
    const wait = due - performance.now();
    if (wait <= 0) return undefined;
    // Unref'd: a held request never keeps a closing gateway's process alive.
    return new Promise((resolve) => setTimeout(resolve, wait).unref());
  }
}
