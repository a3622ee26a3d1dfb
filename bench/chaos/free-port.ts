import { readFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';

/**
 * A loopback port nothing listens on now, for a server another process binds seconds later.
 * It is picked below the kernel's ephemeral range: a port from that range (what `listen(0)`
 * returns) can meanwhile become the local port of any connection this machine opens, and a
 * full test suite opens thousands (a chaos run's cloud then exited at start, its port taken).
 */
export async function freePort(): Promise<number> {
  const below = await ephemeralRangeStart();
  const lowest = Math.min(10_000, below - 1_000);
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = lowest + Math.floor(Math.random() * (below - lowest));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port between ${lowest} and ${below}`);
}

/** Linux's first ephemeral port (32768 unless configured); that default elsewhere. */
async function ephemeralRangeStart(): Promise<number> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '');
  const start = Number(range.trim().split(/\s+/)[0]);
  return Number.isInteger(start) && start > 2_048 ? start : 32_768;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Resolves once something accepts connections on `port`; throws after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
