import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Callback {
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  readonly body: string;
}

export interface CallbackReceiver {
  /** Where it listens: `http://127.0.0.1:<port>/smoke-hook` (or the host it was told). */
  readonly url: string;
  /** Ownership challenges it echoed. */
  readonly challenges: readonly Callback[];
  /** Resolves with the first callback `matches` accepts, or rejects after `timeoutMs` or on `signal`. */
  waitFor(
    matches: (callback: Callback) => boolean,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Callback>;
  close(): Promise<void>;
}

/**
 * The smoke's webhook receiver: an HTTP server on this machine that echoes the ownership
 * challenge (docs/webhooks.md: the token as the body, 2xx within 3 s), so the registration
 * is accepted, and answers every callback 200, keeping it for the check of its signature.
 */
export async function startCallbackReceiver(
  options: { readonly host?: string; readonly port?: number } = {},
): Promise<CallbackReceiver> {
  const host = options.host ?? '127.0.0.1';
  const challenges: Callback[] = [];
  const callbacks: Callback[] = [];
  const waiting = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const callback = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      if (request.headers['x-posts-event'] === 'webhook.challenge') {
        challenges.push(callback);
        let token = '';
        try {
          token = String((JSON.parse(callback.body) as { challenge?: unknown }).challenge ?? '');
        } catch {
          // Not a challenge this receiver understands: answering nothing refuses it.
        }
        response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
        return;
      }
      callbacks.push(callback);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      for (const wake of waiting) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/smoke-hook`,
    challenges,
    waitFor: (matches, timeoutMs, signal) =>
      new Promise<Callback>((resolve, reject) => {
        const stop = (error: Error) => {
          clearTimeout(timer);
          waiting.delete(check);
          signal?.removeEventListener('abort', aborted);
          reject(error);
        };
        const check = () => {
          const found = callbacks.find(matches);
          if (!found) return;
          clearTimeout(timer);
          waiting.delete(check);
          signal?.removeEventListener('abort', aborted);
          resolve(found);
        };
        const aborted = () => stop(new Error('interrupted'));
        const timer = setTimeout(
          () =>
            stop(
              new Error(
                `no matching callback within ${Math.round(timeoutMs / 1000)} s (${callbacks.length} other)`,
              ),
            ),
          timeoutMs,
        );
        signal?.addEventListener('abort', aborted, { once: true });
        waiting.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
