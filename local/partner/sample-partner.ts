import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenOnLoopback } from '../http/listen';
import { readBody } from '../http/read-body';

/** How the sample partner behaves: answering, slow, failing with 503s, or dropping every connection. */
export const partnerModes = ['healthy', 'slow', 'failing', 'down'] as const;
export type PartnerMode = (typeof partnerModes)[number];

/** A mode's name is a word: a control request longer than this is not one. */
const CONTROL_BODY_LIMIT = 1024;

export interface SamplePartnerOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly mode?: PartnerMode;
  /** How long a `slow` answer takes. */
  readonly slowMs?: number;
}

export interface SamplePartner {
  /** The data URL: what `PARTNER_API_URL` points at. */
  readonly url: string;
  /** `PUT` a mode here (`curl -X PUT <control> -d failing`). */
  readonly controlUrl: string;
  readonly mode: PartnerMode;
  /** Calls of the data URL that reached the server, in any mode. */
  readonly requests: number;
  /** TCP connections accepted: with keep-alive, far fewer than requests. */
  readonly connections: number;
  setMode(mode: PartnerMode): void;
  close(): Promise<void>;
}

const tags = ['serverless', 'aws', 'lambda', 'dynamodb', 'typescript', 'valkey', 'cdk', 'nodejs'];

/**
 * A stand-in for the partner API on loopback, for `npm run dev` and the
 * tests: `GET /trending` answers trending tags, and `PUT /mode` switches it
 * between healthy, slow, failing and down, so the breaker can be watched
 * opening and closing on a laptop.
 */
export async function startSamplePartner(
  options: SamplePartnerOptions = {},
): Promise<SamplePartner> {
  let mode: PartnerMode = options.mode ?? 'healthy';
  const slowMs = options.slowMs ?? 5_000;
  let requests = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const pending = new Set<NodeJS.Timeout>();

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://partner').pathname;
    if (path === '/mode') return control(request, response);
    if (path !== '/trending' || request.method !== 'GET')
      return send(response, 404, { error: 'not found' });
    requests += 1;
    if (mode === 'down') {
      request.socket.destroy();
      return;
    }
    if (mode === 'failing') {
      return send(response, 503, {
        error: 'the partner is failing (sample partner, mode "failing")',
      });
    }
    if (mode === 'slow') {
      const timer = setTimeout(() => {
        pending.delete(timer);
        send(response, 200, trending());
      }, slowMs);
      pending.add(timer);
      return;
    }
    send(response, 200, trending());
  });
  server.on('connection', (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function control(request: IncomingMessage, response: ServerResponse): void {
    if (request.method === 'GET') return send(response, 200, { mode, requests });
    if (request.method !== 'PUT') return send(response, 405, { error: 'GET or PUT' });
    void readBody(request, CONTROL_BODY_LIMIT).then((body) => {
      const wanted = (body?.toString('utf8') ?? '').trim() as PartnerMode;
      if (!partnerModes.includes(wanted)) {
        return send(response, 400, { error: `send one of ${partnerModes.join(', ')}` });
      }
      mode = wanted;
      send(response, 200, { mode, requests });
    });
  }

  const port = await listenOnLoopback(server, options.port ?? 0);
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/trending`,
    controlUrl: `${base}/mode`,
    get mode() {
      return mode;
    },
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    setMode(next) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts that drift with the minute, so a fresh answer is visibly fresh. */
function trending() {
  const minute = Math.floor(Date.now() / 60_000);
  return {
    generated_at: new Date().toISOString(),
    topics: tags
      .map((tag, i) => ({ tag, posts: 100 + ((minute * 37 + i * 101) % 900) }))
      .sort((a, b) => b.posts - a.posts)
      .slice(0, 5),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
