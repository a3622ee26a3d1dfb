import { Agent, request } from 'node:http';
import type { LatencySample, LoadResult } from '../load/load-generator';

export interface PacedReadsSpec {
  readonly url: string;
  readonly path: string;
  readonly perSecond: number;
  readonly seconds: number;
  /** Keep-alive connections at most; a GET due while all are busy waits for one (and that counts). */
  readonly connections: number;
  /** The `performance.now()` that sample times count from. */
  readonly origin?: number;
  /** The loopback address to send from (a client of its own for WAF's per-address rule). */
  readonly localAddress?: string;
}

/**
 * GETs sent evenly, one every 1000/perSecond ms (open loop), each timed from the moment it
 * was due: a client that reads 50 times a second. autocannon's `overallRate` is not that:
 * each of its connections sends its share of the second back to back and then waits for the
 * next second (autocannon/lib/httpClient.js, `reqsMadeThisSecond`), so 50 a second over 10
 * connections arrive as one burst of about 40 ms each second, queueing behind each other, and
 * a phase's p99 is the worst of its ten bursts (bench/README.md, flood).
 */
export function pacedReads(spec: PacedReadsSpec): Promise<LoadResult> {
  const origin = spec.origin ?? performance.now();
  const target = new URL(spec.path, spec.url);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const interval = 1000 / spec.perSecond;
  const total = Math.round(spec.seconds * spec.perSecond);
  const samples: LatencySample[] = [];
  let connectionErrors = 0;
  let answered = 0;
  const started = performance.now();
  return new Promise((resolve) => {
    const finish = () => {
      if (++answered < total) return;
      agent.destroy();
      resolve({ samples, connectionErrors, seconds: (performance.now() - started) / 1000 });
    };
    const send = (due: number) => {
      const req = request(
        target,
        { agent, method: 'GET', localAddress: spec.localAddress },
        (res) => {
          res.resume();
          res.once('end', () => {
            const now = performance.now();
            samples.push({ t: (now - origin) / 1000, ms: now - due, status: res.statusCode ?? 0 });
            finish();
          });
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
      req.once('error', () => {
        connectionErrors++;
        finish();
      });
      req.end();
    };
    // Each GET is scheduled from the start, not from the one before, so a late timer does not
    // push the rest back: the rate stays 50 a second and lateness is in the latency.
    let sent = 0;
    const next = () => {
      const due = started + sent * interval;
      if (performance.now() < due) {
        setTimeout(next, due - performance.now());
        return;
      }
      send(due);
      if (++sent < total) next();
    };
    next();
  });
}
