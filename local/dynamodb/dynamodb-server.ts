import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { service, type IndexSpec } from '../../lib/description';
import { lambdaNode } from '../lambda/lambda-node';
import { localCredentials, localRegion } from '../local-credentials';

type FromDynalite =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'error'; readonly message: string; readonly code?: string };

export interface LocalDynamoDB {
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * dynalite (the DynamoDB API in Node, LevelDB underneath) on loopback, in a
 * child process (dynalite-process.mjs): every table read and write would
 * otherwise run on the gateway's event loop, between its requests. With a
 * `path` it keeps the data on disk; without, in memory (for tests).
 */
export async function startDynamoDB(options: {
  port: number;
  path?: string;
}): Promise<LocalDynamoDB> {
  const child = fork(
    fileURLToPath(new URL('./dynalite-process.mjs', import.meta.url)),
    [JSON.stringify({ port: options.port, path: options.path })],
    {
      // No loader hooks of the host (tsx): the script is plain JavaScript.
      execArgv: [],
      // The containers' Node 24 where npm ci brought it (else the running one): dynalite's
      // requests cost about a quarter less CPU on it than on Node 20 (docs/local-runtime.md).
      execPath: lambdaNode().path,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: FromDynalite) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.code === 'EADDRINUSE') {
        // Worded as the other services' listen helper words it (local/http/listen.ts).
        reject(new Error(`127.0.0.1:${options.port} is taken by another process`));
      } else reject(Object.assign(new Error(message.message), { code: message.code }));
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before listening`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      if (child.connected) child.send({ type: 'close' });
      await exited;
    },
  };
}

/**
 * Creates the service's table as the stack declares it, unless it exists.
 * (dynalite has no TTL: expired idempotency records stay, and the code already
 * treats an expired record as absent, as it must on DynamoDB too.)
 */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const { table } = service;
  const indexes: [string, IndexSpec][] = Object.entries(table.indexes);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          ...[table.partitionKey, table.sortKey].map((name) => ({
            AttributeName: name,
            AttributeType: 'S' as const,
          })),
          ...indexes.flatMap(([, index]) =>
            [index.partitionKey, index.sortKey].map((name) => ({
              AttributeName: name,
              AttributeType: 'S' as const,
            })),
          ),
        ],
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: indexes.map(([name, index]) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          // As deployed (lib/constructs/posts-table.ts): what the query reads, or the keys.
          Projection: index.include
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
            : { ProjectionType: 'KEYS_ONLY' },
        })),
      }),
    );
    await waitUntilTableExists(
      { client, maxWaitTime: 10, minDelay: 0.1, maxDelay: 0.2 },
      { TableName: tableName },
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // dynalite cannot add an index to an existing table: say so rather than fail later.
    const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const missing = indexes.map(([name]) => name).filter((name) => !present.has(name));
    if (missing.length > 0) {
      process.stderr.write(
        `The local table "${tableName}" predates its index(es) ${missing.join(', ')}; what ` +
          'needs them fails until you delete the dynamodb folder of the data dir.\n',
      );
    }
  } finally {
    client.destroy();
  }
}
