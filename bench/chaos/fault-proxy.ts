import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What a proxy does to its traffic: forward it, refuse it as a stopped server, or delay it. */
export type ProxyMode =
  | { readonly kind: 'open' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'slow'; readonly delayMs: number };

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  /** The service stops: open connections are cut and new ones refused (ECONNREFUSED). */
  stop(): Promise<void>;
  /** Every chunk in both directions waits `delayMs` first. */
  slow(delayMs: number): void;
  /** Back to plain forwarding (listening again after `stop`). */
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of one service (DynamoDB, SQS, the cache), listening on a
 * port of its own that outlives the service behind it: a restarted local cloud is reached
 * through the same proxy, and stopping the proxy is the service going away as its clients see it.
 */
export async function startFaultProxy(targetPort: number, port = 0): Promise<FaultProxy> {
  let mode: ProxyMode = { kind: 'open' };
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let boundPort = port;

  const forward = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      if (mode.kind !== 'slow') {
        to.write(chunk);
        return;
      }
      // Order is kept: every chunk waits the same delay.
      const timer = setTimeout(() => to.destroyed || to.write(chunk), mode.delayMs);
      to.once('close', () => clearTimeout(timer));
    });
  };

  const listen = async (): Promise<void> => {
    const next = createServer((client) => {
      const upstream = connect(targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      forward(client, upstream);
      forward(upstream, client);
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(boundPort, '127.0.0.1', () => resolve());
    });
    server = next;
    boundPort = (next.address() as AddressInfo).port;
  };

  const stopListening = async (): Promise<void> => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}`,
    async stop() {
      mode = { kind: 'stopped' };
      await stopListening();
    },
    slow(delayMs) {
      mode = { kind: 'slow', delayMs };
    },
    async open() {
      mode = { kind: 'open' };
      if (!server) await listen();
    },
    close: stopListening,
  };
}
