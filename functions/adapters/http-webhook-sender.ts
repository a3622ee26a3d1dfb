import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { WebhookSender } from '../domain/notify-subscribers';
import { addressAllowed, type UrlPolicy } from '../domain/webhook-url';
import { boundTo } from '../pipeline/with-signal';

/** Receivers answer with a status; their body is read (to free the socket) up to this much. */
const MAX_RESPONSE_BYTES = 64 * 1024;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * Callbacks over node:http(s). Every name is resolved through a lookup that
 * refuses internal addresses, so a webhook whose host resolves to one (DNS
 * rebinding included) is never called; redirects are not followed (a 3xx is
 * a failed delivery); the whole exchange is bounded by the timeout.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(private readonly policy: UrlPolicy) {}

  protected signal: AbortSignal | undefined;

  /** The same sender for one invocation: a callback in flight ends when `signal` fires. */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  post(
    url: string,
    body: string,
    headers: Readonly<Record<string, string>>,
    timeoutMs: number,
  ): ReturnType<WebhookSender['post']> {
    const target = new URL(url);
    const https = target.protocol === 'https:';
    const payload = Buffer.from(body, 'utf8');
    return new Promise((resolve) => {
      const request = (https ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(payload.length) },
          agent: https ? this.httpsAgent : this.httpAgent,
          lookup: this.safeLookup,
          signal: this.signal
            ? AbortSignal.any([AbortSignal.timeout(timeoutMs), this.signal])
            : AbortSignal.timeout(timeoutMs),
        },
        (response) => {
          let read = 0;
          response.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_RESPONSE_BYTES) response.destroy();
          });
          response.on('close', () => {
            const status = response.statusCode ?? 0;
            resolve(
              status >= 200 && status < 300
                ? { ok: true, status }
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

  private readonly safeLookup = (
    hostname: string,
    options: LookupOptions,
    callback: LookupCallback,
  ): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((a) => addressAllowed(a.address, this.policy));
      if (allowed.length === 0) {
        const refused = Object.assign(new Error(`${hostname} resolves to an internal address`), {
          code: 'EADDRNOTALLOWED',
        });
        return callback(refused, []);
      }
      if (options.all) return callback(null, allowed);
      const [first] = allowed;
      callback(null, first?.address ?? '', first?.family);
    });
  };
}
