/**
 * The flooding client of the flood benchmark, in a process of its own: a
 * client that never backs off keeps a core busy, and in the benchmark's
 * process its callbacks would delay the reader's, so the GET latencies would
 * measure the flooder's own event loop as well as the gateway. Started and
 * read by flood-handle.ts: it says `ready` once loaded, floods from the
 * message it gets back until its duration is over, sends the result and exits.
 */
import autocannon from 'autocannon';

export interface FloodSpec {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface FloodResult {
  /** Answers by status code. */
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly seconds: number;
  readonly errors: number;
}

process.once('message', (spec: FloodSpec) => {
  void Promise.resolve(
    autocannon({
      url: spec.url,
      connections: spec.connections,
      duration: spec.seconds,
      method: 'POST',
      headers: { ...spec.headers },
      body: spec.body,
    }),
  ).then((result) => {
    const statusCodes = Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
    );
    const requests = Object.values(statusCodes).reduce((n, c) => n + c, 0);
    const message: FloodResult = {
      statusCodes,
      requests,
      seconds: result.duration,
      errors: result.errors,
    };
    process.send?.(message, () => process.disconnect());
  });
});
process.send?.('ready');
