import type { ServerResponse } from 'node:http';
import { addressThrottledBody, service } from '../../lib/description';
import type { GatewayRoute } from './gateway-route';

export interface ClientRateLimit {
  readonly requestsPerIp: number;
  readonly windowSeconds: number;
}

/**
 * The WAF rate-based rule of the deployed stage (lib/constructs/api-firewall.ts), emulated:
 * on the public reads only, each client address may make `requestsPerIp` requests a window;
 * past that it is refused until its window ends, and no other address notices. The address is
 * the socket's peer, as WAF keys on the connection's source IP, never on a header a client can
 * write (X-Forwarded-For is ignored). On one machine, clients are told apart by binding to
 * different loopback addresses (127.0.0.2, 127.0.0.3, ...). WAF counts over a trailing window
 * and acts within seconds; this counts fixed windows per address, exactly.
 */
export class ClientRateRule {
  private readonly scoped: ReadonlySet<GatewayRoute>;
  private readonly windows = new Map<string, { start: number; count: number }>();

  /** `routes`: every route the gateway serves; the rule scopes itself to the public reads. */
  constructor(
    routes: readonly GatewayRoute[],
    private readonly limit: ClientRateLimit,
    private readonly now: () => number = Date.now,
  ) {
    // The same scope as the deployed rule's (publicReads in lib/description/routes.ts).
    this.scoped = new Set(routes.filter((r) => r.method === 'GET' && !r.auth));
  }

  /** Counts the request; false when its address is over the limit on this route's scope. */
  admit(route: GatewayRoute, address: string | undefined): boolean {
    if (!this.scoped.has(route)) return true;
    const now = this.now();
    const windowMs = this.limit.windowSeconds * 1000;
    const key = address ?? 'unknown';
    let window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      this.forgetEnded(now, windowMs);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count <= this.limit.requestsPerIp;
  }

  /** Ended windows are dropped as new ones open, so the map holds the addresses of one window. */
  private forgetEnded(now: number, windowMs: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.start >= windowMs) this.windows.delete(key);
    }
  }
}

/** WAF's custom response for the rule: 429 problem+json with Retry-After, before any route runs. */
export function answerAddressThrottled(response: ServerResponse): number {
  response.writeHead(429, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(addressThrottledBody),
    'retry-after': String(service.api.waf.retryAfterSeconds),
    'x-content-type-options': 'nosniff',
  });
  response.end(addressThrottledBody);
  return 429;
}
