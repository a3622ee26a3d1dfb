import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The header naming a callback's delivery, the same on every attempt (docs/webhooks.md):
 * what the receiver de-duplicates on. The one place that names it.
 */
export const deliveryIdHeader = 'x-posts-delivery';

export interface DeduplicatingReceiver {
  /** `<url>/<user>`: one path per registering user, so a delivery's owner is known. */
  readonly url: string;
  /** Per delivery id, how many times it arrived (1 = once; more = duplicates). */
  readonly deliveries: ReadonlyMap<string, number>;
  /** Callbacks without a delivery id header. */
  readonly unlabelled: number;
  /** Per post id, from the callbacks' body (`data.post.id`). */
  readonly postsAnnounced: ReadonlySet<string>;
  close(): Promise<void>;
}

/**
 * A webhook receiver as a careful user writes one: it echoes the ownership challenge at
 * registration, answers every callback 200, and acts once per delivery id however many
 * times the callback comes (it counts the repeats).
 */
export async function startDeduplicatingReceiver(): Promise<DeduplicatingReceiver> {
  const deliveries = new Map<string, number>();
  const postsAnnounced = new Set<string>();
  let unlabelled = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: { challenge?: string; data?: { post?: { id?: string } } } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // not JSON: counted below as a callback without a post
      }
      if (request.headers['x-posts-event'] === 'webhook.challenge') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end(body.challenge ?? '');
        return;
      }
      const id = request.headers[deliveryIdHeader];
      if (typeof id === 'string') deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
      else unlabelled += 1;
      if (body.data?.post?.id) postsAnnounced.add(body.data.post.id);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    get unlabelled() {
      return unlabelled;
    },
    postsAnnounced,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
