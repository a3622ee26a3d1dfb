import * as http from 'node:http';
import * as https from 'node:https';

export interface GetOptions {
  /** TCP connect (a reused keep-alive socket skips it). */
  readonly connectTimeoutMs: number;
  /** The whole exchange, connect to last byte. */
  readonly timeoutMs: number;
  /** Bodies larger than this are cut off as an error, not buffered. */
  readonly maxBodyBytes: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Ends the request when it fires (the invocation's deadline). */
  readonly signal?: AbortSignal;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The request failed in a way that may well pass on another try. */
export class HttpCallError extends Error {
  constructor(
    message: string,
    readonly code: 'CONNECT_TIMEOUT' | 'TIMEOUT' | 'TOO_LARGE' | 'NETWORK' | 'ABORTED',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpCallError';
  }
}

/**
 * One HTTP client per container over keep-alive agents: calls reuse warm
 * sockets instead of paying a TCP and TLS handshake each time. Both
 * timeouts really end the request (the socket is destroyed), and the body
 * is bounded.
 */
export class PooledHttpClient {
  private readonly agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };

  get(url: URL, options: GetOptions): Promise<HttpAnswer> {
    const protocol = url.protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      return Promise.reject(new Error(`Only http and https URLs are fetched, not ${protocol}`));
    }
    const send = protocol === 'https:' ? https.request : http.request;
    const { signal } = options;
    if (signal?.aborted) {
      return Promise.reject(new HttpCallError('Aborted before the request', 'ABORTED'));
    }
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, answer?: HttpAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        signal?.removeEventListener('abort', abort);
        if (error) reject(error);
        else if (answer) resolve(answer);
      };
      const request = send(url, {
        method: 'GET',
        agent: this.agents[protocol],
        headers: { accept: 'application/json', ...options.headers },
      });
      const total = setTimeout(() => {
        const error = new HttpCallError(`No answer within ${options.timeoutMs} ms`, 'TIMEOUT');
        finish(error);
        request.destroy(error);
      }, options.timeoutMs);
      const abort = () => {
        const error = new HttpCallError('Aborted: the deadline passed', 'ABORTED');
        finish(error);
        request.destroy(error);
      };
      signal?.addEventListener('abort', abort, { once: true });
      request.on('socket', (socket) => {
        if (!socket.connecting) return;
        const connect = setTimeout(() => {
          const error = new HttpCallError(
            `No connection within ${options.connectTimeoutMs} ms`,
            'CONNECT_TIMEOUT',
          );
          finish(error);
          request.destroy(error);
        }, options.connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connect));
        socket.once('close', () => clearTimeout(connect));
      });
      request.on('error', (error) =>
        finish(
          error instanceof HttpCallError
            ? error
            : new HttpCallError(error.message, 'NETWORK', { cause: error }),
        ),
      );
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxBodyBytes) {
            const error = new HttpCallError(
              `The body is over ${options.maxBodyBytes} bytes`,
              'TOO_LARGE',
            );
            finish(error);
            request.destroy(error);
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          finish(undefined, {
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', (error) =>
          finish(new HttpCallError(error.message, 'NETWORK', { cause: error })),
        );
      });
      request.end();
    });
  }

  /** Closes idle sockets (tests; Lambda freezes a container instead). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
