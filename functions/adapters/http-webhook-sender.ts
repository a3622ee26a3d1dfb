import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import type { SendResult, WebhookSender } from '../domain/notify-subscribers';
import { addressAllowed, type UrlPolicy } from '../domain/webhook-url';
import { boundTo } from '../pipeline/with-signal';

/** Receivers answer with a status; their body is read up to this much (a challenge's echo fits). */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Every address a name resolves to (A and AAAA), as the system resolver answers. */
export type Resolve = (hostname: string) => Promise<readonly string[]>;

const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Callbacks over node:http(s), connected only to an address that was checked:
 * the name is resolved here, every address is checked against the policy
 * (global unicast only, special-purpose-addresses.ts), and the connection is
 * opened to that very address, with the name kept for the Host header and
 * TLS (SNI and certificate check). Nothing resolves the name a second time,
 * so DNS that changes between the check and the connect (rebinding) cannot
 * move the call. Redirects are not followed (a 3xx is a failed delivery);
 * the whole exchange is bounded by the timeout.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(
    private readonly policy: UrlPolicy,
    private readonly resolve: Resolve = systemResolve,
  ) {}

  protected signal: AbortSignal | undefined;

  /** The same sender for one invocation: a callback in flight ends when `signal` fires. */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  async post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const target = new URL(url);
    const hostname = target.hostname.replace(/^\[|\]$/g, '');
    let addresses: readonly string[];
    try {
      addresses = isIP(hostname) ? [hostname] : await this.resolve(hostname);
    } catch (error) {
      return { ok: false, error: `${hostname} did not resolve (${(error as Error).message})` };
    }
    const address = addresses.find((a) => addressAllowed(a, this.policy));
    if (!address) {
      return {
        ok: false,
        refused: true,
        error: `${hostname} resolves to no global unicast address (${addresses.join(', ') || 'none'})`,
      };
    }
    return this.send(target, hostname, address, body, headers, timeoutMs);
  }

  private send(
    target: URL,
    hostname: string,
    address: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): Promise<SendResult> {
    const https = target.protocol === 'https:';
    const payload = Buffer.from(body, 'utf8');
    return new Promise((resolve) => {
      const request = (https ? httpsRequest : httpRequest)(
        {
          protocol: target.protocol,
          // The checked address itself: no lookup happens for an IP literal.
          host: address,
          family: isIP(address),
          port: target.port || (https ? 443 : 80),
          path: `${target.pathname}${target.search}`,
          method: 'POST',
          headers: { ...headers, host: target.host, 'content-length': String(payload.length) },
          // SNI and the certificate check are for the name, never the address.
          ...(https && !isIP(hostname) ? { servername: hostname } : {}),
          agent: https ? this.httpsAgent : this.httpAgent,
          signal: this.signal
            ? AbortSignal.any([AbortSignal.timeout(timeoutMs), this.signal])
            : AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) response.destroy();
            else chunks.push(chunk);
          });
          response.on('close', () => {
            const status = response.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            resolve(
              status >= 200 && status < 300
                ? { ok: true, status, body: text }
                : { ok: false, status, error: `answered ${status}` },
            );
          });
        },
      );
      request.on('error', (error) =>
        resolve({
          ok: false,
          error:
            error.name !== 'AbortError'
              ? error.message
              : this.signal?.aborted
                ? 'stopped at the deadline'
                : `no answer within ${timeoutMs} ms`,
        }),
      );
      request.end(payload);
    });
  }
}
