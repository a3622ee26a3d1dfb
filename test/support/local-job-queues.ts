import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueNames, queueUrlVariable, type QueueName } from '../../lib/description';
import { ensureJobQueues, type LocalJobQueue, type QueueOverrides } from '../../local/job-queues';
import { startSqsServer, type SqsServer } from '../../local/sqs';

export interface LocalJobQueues {
  readonly server: SqsServer;
  readonly queues: Record<QueueName, LocalJobQueue>;
  /** Messages on a queue, visible or in flight. */
  depth(queue: QueueName): number;
  close(): Promise<void>;
}

/**
 * The local SQS with every described queue and DLQ, and the environment a
 * sending function is given (`AWS_ENDPOINT_URL_SQS`, every `*_QUEUE_URL`), so
 * handlers called in-process really enqueue: a suite without them would have
 * every enqueue fail, silently, into the sweeper's list.
 */
export async function localJobQueues(
  overrides: Partial<Record<QueueName, QueueOverrides>> = {},
): Promise<LocalJobQueues> {
  const dataDir = await mkdtemp(join(tmpdir(), 'posts-api-queues-'));
  const server = await startSqsServer({ port: 0, dataDir, flushDelayMs: 10 });
  const queues = ensureJobQueues(server.store, server.url, overrides);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: server.url,
    ...Object.fromEntries(queueNames.map((q) => [queueUrlVariable(q), queues[q].url])),
  });
  return {
    server,
    queues,
    depth(queue) {
      const stats = server.store.stats(queues[queue].name);
      return (stats?.visible ?? 0) + (stats?.inFlight ?? 0);
    },
    async close() {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
