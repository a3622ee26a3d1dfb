/**
 * One emulated service of the local cloud (DynamoDB, SQS, S3, the Lambda pools, the
 * gateway...): `start` brings it up and resolves with what the others need of it;
 * `close` lets go of everything it started. `ServiceStack` starts them in order and
 * closes them in reverse.
 */
export interface LocalService<Started> {
  /** The step's name, as a failure to start or close names it. */
  readonly name: string;
  start(): Promise<Started>;
  close(): Promise<void>;
}

/**
 * A service from a start that resolves with something closable: `close` closes what the
 * start gave (nothing, when it never started).
 */
export function localService<Started extends { close(): Promise<void> }>(
  name: string,
  start: () => Promise<Started>,
): LocalService<Started> {
  let started: Started | undefined;
  return {
    name,
    async start() {
      started = await start();
      return started;
    },
    async close() {
      const closing = started;
      started = undefined;
      await closing?.close();
    },
  };
}
