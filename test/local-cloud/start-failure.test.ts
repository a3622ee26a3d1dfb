import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud } from '../../local/local-cloud';

/** Whether 127.0.0.1:port can be listened on now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function listening(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

const portOf = (server: Server) => (server.address() as { port: number }).port;
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

let taken: Server;
beforeAll(async () => {
  taken = await listening();
});
afterAll(() => close(taken));

describe('the local cloud, when a service cannot start', () => {
  it('names the step and the taken address, and closes what it had started', async () => {
    // Free ports for the services that start before S3, so we can see them let go.
    const picked = await Promise.all([listening(), listening()]);
    const [dynamodbPort, sqsPort] = picked.map(portOf) as [number, number];
    await Promise.all(picked.map(close));

    await expect(
      startLocalCloud({
        dynamodbPort,
        sqsPort,
        s3Port: portOf(taken),
        onLine: () => undefined,
      }),
    ).rejects.toThrow(`s3 did not start: 127.0.0.1:${portOf(taken)} is taken by another process`);

    expect(await isFree(dynamodbPort)).toBe(true);
    expect(await isFree(sqsPort)).toBe(true);
  });
});
