import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { functions, service, type QueueName } from '../../lib/description';
import { ScheduleSource } from '../../local/event-sources/schedule-source';
import type { Invoker } from '../../local/event-sources/sqs-event-source';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { apiEvent, lambdaContext, signedIn } from '../support/api-event';
import { eventually } from '../support/eventually';
import { startFailureWorld, type FailureWorld } from '../support/failure-world';

/**
 * The sweeper as deployed: its real handler, started by its schedule (the
 * local EventBridge rule, its interval shortened), finding a post whose
 * follow-up jobs never reached a queue (the queue was down when it was
 * written) and sending them.
 */
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let world: FailureWorld;

beforeAll(async () => {
  world = await startFailureWorld();
});
afterAll(() => world?.close());

async function waiting(queue: QueueName): Promise<number> {
  const { Attributes = {} } = await world.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: world.queues[queue].url,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes.ApproximateNumberOfMessages);
}

describe('the sweeper on its schedule', () => {
  it('sends the follow-up jobs of a post written while the queues were down', async () => {
    const createPost = await world.load<(e: unknown, c: unknown) => Promise<APIGatewayProxyResult>>(
      'createPost',
      { dependency: 'queue', mode: 'down' },
    );
    const created = await createPost(
      apiEvent({
        httpMethod: 'POST',
        resource: '/posts',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'Written while SQS was down', post_type: 'news' }),
        requestContext: signedIn('sweeper-test'),
      }),
      lambdaContext('createPost'),
    );
    expect(created.statusCode).toBe(201);
    const postId = (JSON.parse(created.body) as { id: string }).id;
    for (const queue of service.jobs.postFollowUps) expect(await waiting(queue)).toBe(0);
    // Past the sweeper's grace period (its own request might still be sending before that):
    // the post's place on the unsent index is moved back, as time passing would.
    const db = new DynamoDBClient({
      endpoint: world.dynamodb.endpoint,
      region: localRegion,
      credentials: localCredentials,
    });
    onTestFinished(() => db.destroy());
    const { partitionKey, sortKey } = service.table.indexes.unsent;
    await db.send(
      new UpdateItemCommand({
        TableName: world.tableName,
        Key: { pk: { S: `POST#${postId}` }, sk: { S: 'POST' } },
        UpdateExpression: 'SET #sk = :at',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#sk': sortKey, '#pk': partitionKey },
        ExpressionAttributeValues: {
          ':at': {
            S: new Date(Date.now() - (service.jobs.sweepGraceSeconds + 60) * 1000).toISOString(),
          },
        },
      }),
    );

    const sweeper = await world.load<Handler>('sweepFollowUps');
    const runs: unknown[] = [];
    const invoker: Invoker = {
      async invoke(event) {
        const payload = await sweeper(
          event,
          lambdaContext('sweepFollowUps', functions.sweepFollowUps.timeoutSeconds * 1000),
        );
        runs.push(payload);
        return { requestId: 'r', durationMs: 1, maxMemoryMb: 1, outcome: { ok: true, payload } };
      },
    };
    const schedule = new ScheduleSource({
      functionName: 'sweepFollowUps',
      pool: invoker,
      // The rule's rate (5 minutes) shortened: the schedule's own timer starts every run.
      intervalMs: 200,
      region: localRegion,
      accountId: '000000000000',
      onLine: () => undefined,
    });
    schedule.start();
    onTestFinished(() => schedule.close());

    await eventually(async () => {
      for (const queue of service.jobs.postFollowUps) expect(await waiting(queue), queue).toBe(1);
    });
    // The run that sent them reports it (once it has returned, just after its last send).
    await eventually(() =>
      expect(runs).toContainEqual(expect.objectContaining({ posts: 1, sent: 3 })),
    );
    // Marked sent: later runs find nothing more to send for it.
    const runsBefore = runs.length;
    await eventually(() => expect(runs.length).toBeGreaterThan(runsBefore + 1));
    expect(runs.slice(runsBefore)).not.toContainEqual(expect.objectContaining({ sent: 3 }));
    for (const queue of service.jobs.postFollowUps) {
      expect(await waiting(queue), `${queue} for ${postId}`).toBe(1);
    }
  });
});
