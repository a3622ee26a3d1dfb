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
  close(): Promise<void>;
}

/** A real HTTP server on loopback that records every callback and answers as told. */
export async function startWebhookReceiver(
  answer: (callsBefore: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const receiver = {
    calls,
    successes: () => calls.filter((c) => c.status >= 200 && c.status < 300),
    answer,
  } as WebhookReceiver & { url: string };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = receiver.answer(calls.length);
      calls.push({
        at: Date.now(),
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
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
