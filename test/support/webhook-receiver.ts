import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  readonly at: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What the receiver answered. */
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly calls: ReceivedCall[];
  /** Calls answered 2xx. */
  readonly successes: () => ReceivedCall[];
  /** Decides each answer from the number of calls before it. */
  answer: (callsBefore: number) => number;
  /** Ownership challenges received (not in `calls`). */
  readonly challenges: ReceivedCall[];
  /** Whether it echoes a challenge's token, proving it wants the callbacks (default true). */
  echoChallenges: boolean;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every callback and answers as told; it echoes
 * the ownership challenge of a registration (docs/webhooks.md) unless told not to.
 */
export async function startWebhookReceiver(
  answer: (callsBefore: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const challenges: ReceivedCall[] = [];
  const receiver = {
    calls,
    challenges,
    echoChallenges: true,
    successes: () => calls.filter((c) => c.status >= 200 && c.status < 300),
    answer,
  } as WebhookReceiver & { url: string };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (request.headers['x-posts-event'] === 'webhook.challenge') {
        challenges.push({ at: Date.now(), headers: request.headers, body, status: 200 });
        const { challenge } = JSON.parse(body) as { challenge: string };
        response
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(receiver.echoChallenges ? challenge : 'ok');
        return;
      }
      const status = receiver.answer(calls.length);
      calls.push({
        at: Date.now(),
        headers: request.headers,
        body,
        status,
      });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(String(status));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
