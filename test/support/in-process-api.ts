import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { queueEnvironment, type FunctionName } from '../../lib/description';
import { ensureJobQueues } from '../../local/job-queues';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { startSqsServer } from '../../local/sqs';
import { apiEvent, lambdaContext } from './api-event';
import { localTable } from './local-dynamodb';
import { localMediaBucket } from './local-media-bucket';

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;

/** The handler files under functions/api/, by the function they deploy as. */
const handlerFiles = {
  createPost: 'create-post',
  deletePost: 'delete-post',
  analyzeText: 'analyze-text',
  createWebhook: 'create-webhook',
  deleteWebhook: 'delete-webhook',
  requestMediaUpload: 'request-media-upload',
} as const satisfies Partial<Record<FunctionName, string>>;

export type InProcessFunction = keyof typeof handlerFiles;

export interface InProcessApi {
  /** Invokes the deployed handler as Lambda does, with an API Gateway proxy event. */
  call(
    name: InProcessFunction,
    event: Partial<APIGatewayProxyEvent>,
  ): Promise<APIGatewayProxyResult>;
  /** The table's items, but the per-user request counters (written before any validation, by design). */
  countItems(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The write handlers in this process, each with every real dependency: dynalite for the
 * table, the local S3 for the media bucket, the local SQS for the job queues, the local
 * stand-in for the KMS key that seals webhook secrets, and loopback webhook receivers
 * allowed (as `npm run dev` allows them). Nothing is mocked; it is only faster than the
 * local cloud (no bundles, no worker threads, no gateway).
 */
export async function inProcessApi(): Promise<InProcessApi> {
  const table = await localTable();
  const media = await localMediaBucket();
  const sqsDir = await mkdtemp(join(tmpdir(), 'posts-api-fuzz-sqs-'));
  const sqs = await startSqsServer({ port: 0, dataDir: sqsDir });
  const queues = ensureJobQueues(sqs.store, sqs.url);
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SQS: sqs.url,
    WEBHOOK_SECRETS_KEY: `local:${randomBytes(32).toString('base64')}`,
    WEBHOOK_URLS_ALLOW_LOOPBACK: 'true',
  });
  for (const name of Object.keys(handlerFiles) as InProcessFunction[]) {
    Object.assign(
      process.env,
      queueEnvironment(name, (queue) => queues[queue].url),
    );
  }
  // Handlers read their environment when they load, as they do in a container.
  const handlers = new Map<InProcessFunction, Handler>();
  for (const [name, file] of Object.entries(handlerFiles) as [InProcessFunction, string][]) {
    const module = (await import(`../../functions/api/${file}.ts`)) as { handler: Handler };
    handlers.set(name, module.handler);
  }
  const db = new DynamoDBClient({
    endpoint: table.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  return {
    call: (name, event) => {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`no handler ${name}`);
      return handler(apiEvent(event), lambdaContext(name));
    },
    countItems: async () => {
      let count = 0;
      let start: Record<string, never> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: table.tableName,
            ProjectionExpression: 'pk',
            ExclusiveStartKey: start,
          }),
        );
        count += (page.Items ?? []).filter((item) => !item.pk?.S?.startsWith('LIMIT#')).length;
        start = page.LastEvaluatedKey as typeof start;
      } while (start);
      return count;
    },
    close: async () => {
      db.destroy();
      await sqs.close();
      await rm(sqsDir, { recursive: true, force: true });
      await media.close();
      await table.close();
    },
  };
}
