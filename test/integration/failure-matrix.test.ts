import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyResult, ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  functions,
  queueNames,
  queueOfWorker,
  routes,
  workerOf,
  type FunctionName,
  type QueueName,
} from '../../lib/description';
import { sqsEvent } from '../../local/event-sources/sqs-event';
import { localCredentials, localRegion } from '../../local/local-credentials';
import { apiEvent, lambdaContext, signedIn, withClaims } from '../support/api-event';
import {
  startFailureWorld,
  type Dependency,
  type Fault,
  type FailureLane,
  type FailureWorld,
  type FaultMode,
} from '../support/failure-world';
import { formUpload, image, type UploadTicket } from '../support/media-fixtures';
import { noRedisReason } from '../support/redis-server';

/**
 * The failure matrix: every route and every worker of the description, each
 * run in-process (a fresh container, the stack's environment) with each
 * dependency it reaches down (a closed loopback port) or hanging (a loopback
 * server that accepts and never answers), every other dependency real. Each
 * cell asserts the documented answer (503 with Retry-After, 504 at the
 * deadline, a degraded read, a retried message), inside the function's own
 * deadline, and that nothing was half-written.
 *
 * Which cells exist is read from the description (what each function's spec
 * says it reaches), so a new route, worker or dependency fails here until the
 * matrix says what it should answer.
 */

type ApiHandler = (event: unknown, context: unknown) => Promise<APIGatewayProxyResult>;
type BatchHandler = (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
type ScheduleHandler = (event: ScheduledEvent, context: unknown) => Promise<unknown>;

type CellKey = `${Dependency}:${FaultMode}`;

/** How long past the deadline margin a hanging cell's context leaves: the deadline comes first. */
const hangingLeftMs = 400;
/** What a loaded 2-core machine adds to an answer's time on top of the bound under test. */
const slackMs = 1_500;

// -- what the description says each function reaches --------------------------------------

const modesOf: Record<Dependency, readonly FaultMode[]> = {
  dynamodb: ['down', 'hanging'],
  queue: ['down'],
  cache: ['down', 'hanging'],
  s3: ['down'],
  partner: ['down'],
};

function reaches(name: FunctionName): Dependency[] {
  const spec = functions[name];
  const found: Dependency[] = [];
  const table =
    spec.tableActions.length + (spec.tableKeys?.length ?? 0) + (spec.tableIndexes?.length ?? 0) > 0;
  if (table) found.push('dynamodb');
  if (
    (spec.sendsTo?.length ?? 0) > 0 ||
    spec.uses?.includes('queue-status') ||
    queueOfWorker(name) !== undefined
  ) {
    found.push('queue');
  }
  if (spec.uses?.includes('cache')) found.push('cache');
  if ((spec.bucketAccess?.length ?? 0) > 0) found.push('s3');
  if (spec.uses?.includes('partner')) found.push('partner');
  return found;
}

/** A subject of the matrix: a route (`METHOD /path`) or a worker (its function name). */
interface Subject {
  readonly key: string;
  readonly functionName: FunctionName;
  /** A route's method and resource, as API Gateway puts them on the event. */
  readonly route?: { readonly method: string; readonly path: string };
}

const routeSubjects: Subject[] = routes.map((r) => ({
  key: `${r.method} ${r.path}`,
  functionName: r.function as FunctionName,
  route: { method: r.method, path: r.path },
}));
const workerSubjects: Subject[] = (Object.keys(functions) as FunctionName[])
  .filter((name) => queueOfWorker(name) !== undefined || functions[name].schedule !== undefined)
  .map((name) => ({ key: name, functionName: name }));
const subjects = [...routeSubjects, ...workerSubjects];

const requiredCells = subjects.flatMap((subject) =>
  reaches(subject.functionName).flatMap((dependency) =>
    modesOf[dependency].map((mode) => ({ subject, fault: { dependency, mode } as Fault })),
  ),
);

// -- the world, and what a cell starts from ------------------------------------------------

let world: FailureWorld;
let scanner: DynamoDBClient;

/**
 * What a cell runs in: a lane of the world (its own table, queues and bucket), so cells run
 * side by side and each one's before/after comparison sees only its own writes; with the
 * lane's healthy handlers, loaded once, that set a cell up.
 */
interface Lane extends FailureLane {
  readonly healthy: Map<FunctionName, unknown>;
}
const idleLanes: Lane[] = [];

/** Runs `cell` in a lane no other running cell has, opening one when all are taken. */
async function inLane<T>(cell: (lane: Lane) => Promise<T>): Promise<T> {
  const lane = idleLanes.pop() ?? { ...(await world.openLane()), healthy: new Map() };
  try {
    return await cell(lane);
  } finally {
    idleLanes.push(lane);
  }
}

async function healthyHandler<H>(lane: Lane, name: FunctionName): Promise<H> {
  if (!lane.healthy.has(name)) lane.healthy.set(name, await lane.load(name));
  return lane.healthy.get(name) as H;
}

beforeAll(async () => {
  world = await startFailureWorld();
  idleLanes.push({ ...world, healthy: new Map() });
  if (!world.redis) console.warn(`failure matrix: the cache column is skipped: ${noRedisReason}`);
  scanner = new DynamoDBClient({
    endpoint: world.dynamodb.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
});
afterAll(async () => {
  scanner?.destroy();
  await world?.close();
});

const json = { 'Content-Type': 'application/json' };
let authors = 0;
const newAuthor = () => `author-${++authors}`;

async function callApi(lane: Lane, name: FunctionName, event: Parameters<typeof apiEvent>[0]) {
  const handler = await healthyHandler<ApiHandler>(lane, name);
  const answer = await handler(apiEvent(event), lambdaContext(name));
  if (answer.statusCode >= 300) {
    throw new Error(`seeding with ${name} answered ${answer.statusCode}: ${answer.body}`);
  }
  return JSON.parse(answer.body || '{}') as Record<string, unknown>;
}

async function seedPost(lane: Lane, author: string): Promise<string> {
  const post = await callApi(lane, 'createPost', {
    httpMethod: 'POST',
    headers: json,
    body: JSON.stringify({ content: `A post by ${author}`, post_type: 'educational' }),
    requestContext: signedIn(author),
  });
  return post.id as string;
}

async function seedJob(lane: Lane, author: string): Promise<string> {
  const job = await callApi(lane, 'analyzeText', {
    httpMethod: 'POST',
    headers: json,
    body: JSON.stringify({ text: 'A sentence to analyse, calm and short.' }),
    requestContext: signedIn(author),
  });
  return job.job_id as string;
}

async function seedWebhook(lane: Lane, author: string): Promise<string> {
  const webhook = await callApi(lane, 'createWebhook', {
    httpMethod: 'POST',
    headers: json,
    body: JSON.stringify({ url: world.receiver.url, events: ['post.created'] }),
    requestContext: signedIn(author),
  });
  return webhook.id as string;
}

async function seedUpload(lane: Lane, author: string): Promise<UploadTicket> {
  const postId = await seedPost(lane, author);
  const ticket = (await callApi(lane, 'requestMediaUpload', {
    httpMethod: 'POST',
    headers: json,
    pathParameters: { id: postId },
    body: JSON.stringify({ content_type: 'image/png', size: uploadBytes.length }),
    requestContext: signedIn(author),
  })) as unknown as UploadTicket;
  return ticket;
}

let uploadBytes: Buffer;
beforeAll(async () => {
  uploadBytes = await image(64, 48);
});

/** Every item of the table, as keys: what a failed request must leave as it was. */
async function tableKeys(lane: Lane): Promise<Set<string>> {
  const keys = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await scanner.send(
      new ScanCommand({
        TableName: lane.tableName,
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: start as never,
      }),
    );
    for (const item of page.Items ?? []) keys.add(`${item.pk?.S}|${item.sk?.S}`);
    start = page.LastEvaluatedKey;
  } while (start);
  return keys;
}

async function queueDepths(lane: Lane): Promise<Record<QueueName, number>> {
  const depths = {} as Record<QueueName, number>;
  for (const queue of queueNames) {
    const { Attributes = {} } = await lane.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: lane.queues[queue].url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    depths[queue] =
      Number(Attributes.ApproximateNumberOfMessages) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible);
  }
  return depths;
}

// The store's clearQueue, not PurgeQueue: SQS allows one PurgeQueue a minute per queue.
function purgeQueues(lane: Lane): void {
  for (const queue of queueNames) lane.sqsServer.store.clearQueue(lane.queues[queue].name);
}

async function receiveOne(lane: Lane, queue: QueueName): Promise<Message> {
  const { Messages = [] } = await lane.sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: lane.queues[queue].url,
      MaxNumberOfMessages: 1,
      WaitTimeSeconds: 5,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    }),
  );
  const [message] = Messages;
  if (!message) throw new Error(`no message arrived on ${queue}`);
  return message;
}

// -- routes: the request, and what each fault must answer ----------------------------------

interface RouteCase {
  /** The request, set up with healthy dependencies (a post to read, a job, a webhook). */
  readonly request: (lane: Lane) => Promise<Parameters<typeof apiEvent>[0]>;
}

/** What a route answers with a dependency taken away. */
interface RouteExpectation {
  readonly status: number;
  /** A 503 or 504 tells the client when to come back. */
  readonly retryAfter?: boolean;
  /** Asserts on the answer and on what was (or was not) written. */
  readonly check?: (
    answer: APIGatewayProxyResult,
    state: Changes,
    lane: Lane,
  ) => Promise<void> | void;
}

/** What a cell changed: table items and queue messages that were not there before. */
interface Changes {
  readonly newItems: string[];
  readonly removedItems: string[];
  readonly queued: Partial<Record<QueueName, number>>;
}

const unavailable: RouteExpectation = { status: 503, retryAfter: true };
const deadline: RouteExpectation = { status: 504, retryAfter: true };
const tableFaults = { 'dynamodb:down': unavailable, 'dynamodb:hanging': deadline };
const nothingQueued = (changes: Changes) => expect(changes.queued).toEqual({});

const routeCases: Record<
  string,
  RouteCase & { cells: Partial<Record<CellKey, RouteExpectation>> }
> = {
  'POST /posts': {
    request: async () => ({
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ content: 'Written while something is down', post_type: 'news' }),
      requestContext: signedIn(newAuthor()),
    }),
    cells: {
      // Not stored, so no follow-up job may go out for it.
      'dynamodb:down': { ...unavailable, check: (_, c) => nothingQueued(c) },
      'dynamodb:hanging': { ...deadline, check: (_, c) => nothingQueued(c) },
      // Stored, and left for the sweeper: its follow-ups are marked unsent, nothing queued.
      'queue:down': {
        status: 201,
        check: async (answer, changes, lane) => {
          const id = (JSON.parse(answer.body) as { id: string }).id;
          expect(changes.newItems).toContain(`POST#${id}|POST`);
          nothingQueued(changes);
          const got = await healthyHandler<ApiHandler>(lane, 'getPost');
          const read = await got(apiEvent({ pathParameters: { id } }), lambdaContext('getPost'));
          expect(read.statusCode).toBe(200);
        },
      },
    },
  },
  'GET /posts': {
    request: async () => ({ queryStringParameters: { author_id: 'hana' } }),
    cells: tableFaults,
  },
  'GET /posts/{id}': {
    request: async (lane) => ({ pathParameters: { id: await seedPost(lane, newAuthor()) } }),
    cells: {
      ...tableFaults,
      // A degraded read: the table answers, the cache is passed by, inside the deadline.
      'cache:down': { status: 200, check: (a) => expect(a.headers?.['x-cache']).toBe('BYPASS') },
      'cache:hanging': {
        status: 200,
        check: (a) => expect(a.headers?.['x-cache']).toBe('BYPASS'),
      },
      // Download URLs are signed here, not fetched: S3 is not on this path.
      's3:down': { status: 200 },
    },
  },
  'DELETE /posts/{id}': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        httpMethod: 'DELETE',
        pathParameters: { id: await seedPost(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: {
      'dynamodb:down': { ...unavailable, check: (_, c) => expect(c.removedItems).toEqual([]) },
      'dynamodb:hanging': { ...deadline, check: (_, c) => expect(c.removedItems).toEqual([]) },
      // The post is gone either way; a lost invalidation is bounded by the cache's TTL.
      'cache:down': { status: 204 },
      'cache:hanging': { status: 204 },
      // The post goes first (with the ownership check), so it is gone while its objects
      // stay: the client is told to retry, and the retry answers 404. A known gap: nothing
      // removes those objects later (no sweeper for orphaned media yet).
      's3:down': {
        ...unavailable,
        check: (_, changes) =>
          expect(changes.removedItems.filter((k) => k.endsWith('|POST'))).toHaveLength(1),
      },
    },
  },
  'POST /posts/{id}/media': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        httpMethod: 'POST',
        headers: json,
        pathParameters: { id: await seedPost(lane, author) },
        body: JSON.stringify({ content_type: 'image/png', size: 1_000 }),
        requestContext: signedIn(author),
      };
    },
    cells: {
      ...tableFaults,
      'cache:down': { status: 201 },
      'cache:hanging': { status: 201 },
      // The presigned POST is signed here; the bytes go to S3 later, from the client.
      's3:down': { status: 201 },
    },
  },
  'GET /external-data': {
    request: async (lane) => {
      // A last good answer is kept, as after any earlier healthy call.
      await callApi(lane, 'externalData', {});
      return {};
    },
    cells: {
      // The partner answers; the answer just is not kept (logged, not failed).
      'dynamodb:down': {
        status: 200,
        check: (a) => expect(JSON.parse(a.body)).toMatchObject({ source: 'live' }),
      },
      'dynamodb:hanging': { ...deadline },
      // A degraded read: the last good answer, said to be one.
      'partner:down': {
        status: 200,
        check: (a) => expect(JSON.parse(a.body).source).not.toBe('live'),
      },
    },
  },
  'GET /health': {
    request: async () => ({ resource: '/health', path: '/health' }),
    cells: {
      'dynamodb:down': {
        status: 503,
        check: (a) => expect(JSON.parse(a.body)).toEqual({ status: 'unhealthy' }),
      },
      'dynamodb:hanging': {
        status: 503,
        check: (a) => expect(JSON.parse(a.body)).toEqual({ status: 'unhealthy' }),
      },
      // The queues are critical: without them no post gets its follow-ups.
      'queue:down': {
        status: 503,
        check: (a) => expect(JSON.parse(a.body)).toEqual({ status: 'unhealthy' }),
      },
    },
  },
  'GET /health/details': {
    request: async () => ({
      resource: '/health/details',
      path: '/health/details',
      requestContext: withClaims({ sub: 'operator', 'cognito:groups': 'operators' }),
    }),
    cells: {
      'dynamodb:down': {
        status: 503,
        check: (a) => expect(JSON.parse(a.body).checks.dynamodb.status).toBe('failed'),
      },
      'dynamodb:hanging': {
        status: 503,
        check: (a) => expect(JSON.parse(a.body).checks.dynamodb.status).toBe('timeout'),
      },
      'queue:down': {
        status: 503,
        check: (a) =>
          expect(Object.values(JSON.parse(a.body).checks)).toContainEqual(
            expect.objectContaining({ status: 'failed' }),
          ),
      },
    },
  },
  'POST /analyze': {
    request: async () => ({
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ text: 'Analyse this while something is down.' }),
      requestContext: signedIn(newAuthor()),
    }),
    cells: {
      ...tableFaults,
      // Not queued: the job record written first is taken back, so no job waits forever.
      'queue:down': {
        ...unavailable,
        check: (_, c) => expect(c.newItems.filter((k) => k.startsWith('JOB#'))).toEqual([]),
      },
    },
  },
  'GET /jobs/{id}': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        pathParameters: { id: await seedJob(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: tableFaults,
  },
  'GET /stats': {
    request: async () => ({ queryStringParameters: { author_id: 'hana' } }),
    cells: tableFaults,
  },
  'POST /webhooks': {
    request: async () => ({
      httpMethod: 'POST',
      headers: json,
      body: JSON.stringify({ url: world.receiver.url, events: ['post.created'] }),
      requestContext: signedIn(newAuthor()),
    }),
    cells: {
      'dynamodb:down': { ...unavailable, check: (_, c) => expect(c.newItems).toEqual([]) },
      'dynamodb:hanging': { ...deadline, check: (_, c) => expect(c.newItems).toEqual([]) },
    },
  },
  'GET /webhooks': {
    request: async () => ({ requestContext: signedIn(newAuthor()) }),
    cells: tableFaults,
  },
  'GET /webhooks/{id}/deliveries': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        pathParameters: { id: await seedWebhook(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: tableFaults,
  },
  'POST /webhooks/{id}/enable': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        httpMethod: 'POST',
        pathParameters: { id: await seedWebhook(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: tableFaults,
  },
  'GET /posts/{id}/processing': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        pathParameters: { id: await seedPost(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: tableFaults,
  },
  'DELETE /webhooks/{id}': {
    request: async (lane) => {
      const author = newAuthor();
      return {
        httpMethod: 'DELETE',
        pathParameters: { id: await seedWebhook(lane, author) },
        requestContext: signedIn(author),
      };
    },
    cells: tableFaults,
  },
};

// -- workers: the message (or schedule), and what each fault must come to -------------------

/** A queue worker's outcome for its one message: retried (listed, still on the queue) or done. */
type WorkerExpectation =
  | { readonly batch: 'retried' }
  | { readonly batch: 'done' }
  | { readonly schedule: 'failed' | 'ran'; readonly check?: (result: unknown) => void };

interface WorkerCase {
  /** Puts one real message on the worker's queue, the way production would. */
  readonly seed?: (lane: Lane) => Promise<void>;
  readonly cells: Partial<Record<CellKey, WorkerExpectation>>;
}

const retried = { batch: 'retried' } as const;
const done = { batch: 'done' } as const;
const postJob = async (lane: Lane) => void (await seedPost(lane, newAuthor()));

const workerCases: Record<string, WorkerCase> = {
  [workerOf('analytics')]: {
    seed: postJob,
    cells: { 'dynamodb:down': retried, 'dynamodb:hanging': retried, 'queue:down': done },
  },
  [workerOf('notifications')]: {
    seed: postJob,
    cells: { 'dynamodb:down': retried, 'dynamodb:hanging': retried, 'queue:down': done },
  },
  [workerOf('webhookDeliveries')]: {
    // A subscribed author's new post, fanned out by a healthy notifications worker: one
    // delivery message for its webhook, as production would queue it.
    seed: async (lane) => {
      const author = newAuthor();
      await seedWebhook(lane, author);
      await seedPost(lane, author);
      const job = await receiveOne(lane, 'notifications');
      const fanOut = await healthyHandler<BatchHandler>(lane, 'notificationsWorker');
      const fanned = await fanOut(
        sqsEvent([job], lane.queues.notifications.arn, localRegion),
        lambdaContext('notificationsWorker'),
      );
      if (fanned.batchItemFailures.length > 0) throw new Error('the fan-out failed');
      await lane.sqs.send(
        new DeleteMessageCommand({
          QueueUrl: lane.queues.notifications.url,
          ReceiptHandle: job.ReceiptHandle,
        }),
      );
    },
    cells: { 'dynamodb:down': retried, 'dynamodb:hanging': retried, 'queue:down': done },
  },
  [workerOf('textAnalysis')]: {
    seed: async (lane) => void (await seedJob(lane, newAuthor())),
    cells: { 'dynamodb:down': retried, 'dynamodb:hanging': retried, 'queue:down': done },
  },
  [workerOf('image')]: {
    seed: postJob,
    cells: {
      'dynamodb:down': retried,
      'dynamodb:hanging': retried,
      'queue:down': done,
      's3:down': retried,
    },
  },
  [workerOf('media')]: {
    seed: async (lane) => {
      const ticket = await seedUpload(lane, newAuthor());
      const upload = await formUpload(ticket, uploadBytes);
      if (upload.status >= 300) throw new Error(`upload answered ${upload.status}`);
    },
    cells: {
      'dynamodb:down': retried,
      'dynamodb:hanging': retried,
      'queue:down': done,
      's3:down': retried,
    },
  },
  sweepFollowUps: {
    cells: {
      'dynamodb:down': { schedule: 'failed' },
      'dynamodb:hanging': { schedule: 'failed' },
      // Nothing could be sent: the posts stay marked for the next run.
      'queue:down': {
        schedule: 'ran',
        check: (result) => expect(result).toMatchObject({ sent: 0, failed: expect.any(Number) }),
      },
    },
  },
  cacheProbe: {
    cells: {
      'dynamodb:down': { schedule: 'failed' },
      'dynamodb:hanging': { schedule: 'failed' },
      'cache:down': {
        schedule: 'ran',
        check: (result) => expect(result).toMatchObject({ status: 'failed' }),
      },
      'cache:hanging': {
        schedule: 'ran',
        check: (result) =>
          expect(result).toMatchObject({ status: expect.stringMatching(/^(timeout|failed)$/) }),
      },
    },
  },
};

// -- the matrix ------------------------------------------------------------------------------

describe('the failure matrix covers the description', () => {
  it('has an expectation for every route and worker with each dependency it reaches', () => {
    const missing = requiredCells
      .filter(({ subject, fault }) => {
        const cells =
          routeCases[subject.key]?.cells ?? workerCases[subject.key]?.cells ?? undefined;
        return cells?.[`${fault.dependency}:${fault.mode}`] === undefined;
      })
      .map(({ subject, fault }) => `${subject.key} with ${fault.dependency} ${fault.mode}`);
    expect(missing, 'add these to test/integration/failure-matrix.test.ts').toEqual([]);
  });

  it('names no route or worker the description does not have, and no cell it does not need', () => {
    const keys = new Set(subjects.map((s) => s.key));
    expect(
      [...Object.keys(routeCases), ...Object.keys(workerCases)].filter((k) => !keys.has(k)),
    ).toEqual([]);
    const needed = new Set(
      requiredCells.map(({ subject, fault }) => `${subject.key} ${fault.dependency}:${fault.mode}`),
    );
    const extra = [...Object.entries(routeCases), ...Object.entries(workerCases)].flatMap(
      ([key, { cells }]) =>
        Object.keys(cells)
          .map((cell) => `${key} ${cell}`)
          .filter((cell) => !needed.has(cell)),
    );
    expect(extra).toEqual([]);
  });

  it('reaches every function of the description through a route, a queue or a schedule', () => {
    const reached = new Set(subjects.map((s) => s.functionName));
    expect((Object.keys(functions) as FunctionName[]).filter((n) => !reached.has(n))).toEqual([]);
  });
});

const cellName = ({ subject, fault }: (typeof requiredCells)[number]) =>
  `${subject.key} with ${fault.dependency} ${fault.mode}`;

describe.concurrent.each(
  requiredCells
    .filter(({ subject }) => routeCases[subject.key])
    .map((c) => ({
      ...c,
      name: cellName(c),
    })),
)('$name', ({ subject, fault }) => {
  const expected = routeCases[subject.key]?.cells[`${fault.dependency}:${fault.mode}`];
  const spec = functions[subject.functionName];

  it(`answers ${expected?.status ?? '(no expectation)'} inside its deadline, nothing half-written`, async (ctx) => {
    if (!expected) throw new Error(`no matrix entry for ${subject.key}`);
    if (fault.dependency === 'cache' && !world.redis) {
      console.warn(`skipping ${subject.key} with the cache ${fault.mode}: ${noRedisReason}`);
      ctx.skip();
    }
    await inLane(async (lane) => {
      const request = await routeCases[subject.key]!.request(lane);
      const handler = await lane.load<ApiHandler>(subject.functionName, fault);
      const remainingMs =
        fault.mode === 'hanging' && expected.status === 504
          ? spec.deadlineMarginMs + hangingLeftMs
          : spec.timeoutSeconds * 1000;
      const handlerDeadlineMs = remainingMs - spec.deadlineMarginMs;
      const before = await tableKeys(lane);
      const depthsBefore = await queueDepths(lane);
      const started = performance.now();
      const event = apiEvent({
        httpMethod: subject.route?.method,
        resource: subject.route?.path,
        path: subject.route?.path,
        ...request,
      });
      const answer = await handler(event, lambdaContext(subject.functionName, remainingMs));
      const took = performance.now() - started;

      expect(answer.statusCode, answer.body).toBe(expected.status);
      expect(took, 'the answer came inside the handler deadline').toBeLessThan(
        handlerDeadlineMs + (expected.status === 504 ? slackMs : 0),
      );
      if (expected.retryAfter) {
        expect(answer.headers?.['content-type']).toBe('application/problem+json');
        expect(answer.headers?.['retry-after']).toMatch(/^\d+$/);
      }
      const after = await tableKeys(lane);
      const depthsAfter = await queueDepths(lane);
      const changes: Changes = {
        newItems: [...after].filter((k) => !before.has(k)),
        removedItems: [...before].filter((k) => !after.has(k)),
        queued: Object.fromEntries(
          queueNames
            .map((q) => [q, depthsAfter[q] - depthsBefore[q]] as const)
            .filter(([, n]) => n > 0),
        ),
      };
      if (expected.status >= 500 && !expected.check) {
        // A refused request leaves no trace: nothing stored, nothing queued.
        expect(changes.newItems).toEqual([]);
        expect(changes.queued).toEqual({});
      }
      await expected.check?.(answer, changes, lane);
    });
  });
});

describe.concurrent.each(
  requiredCells
    .filter(({ subject }) => workerCases[subject.key])
    .map((c) => ({
      ...c,
      name: cellName(c),
    })),
)('$name', ({ subject, fault }) => {
  const expected = workerCases[subject.key]?.cells[`${fault.dependency}:${fault.mode}`];
  const spec = functions[subject.functionName];
  const queue = queueOfWorker(subject.functionName);

  const label =
    expected === undefined
      ? '(no expectation)'
      : 'batch' in expected
        ? expected.batch === 'retried'
          ? 'lists the message for retry and leaves it on the queue'
          : 'finishes the message'
        : expected.schedule === 'failed'
          ? 'fails the run (the schedule runs it again)'
          : 'completes the run and reports what it could not do';

  it(`${label}, inside its deadline`, async (ctx) => {
    if (!expected) throw new Error(`no matrix entry for ${subject.key}`);
    if (fault.dependency === 'cache' && !world.redis) {
      console.warn(`skipping ${subject.key} with the cache ${fault.mode}: ${noRedisReason}`);
      ctx.skip();
    }
    await inLane(async (lane) => {
      const remainingMs =
        fault.mode === 'hanging'
          ? spec.deadlineMarginMs + hangingLeftMs
          : spec.timeoutSeconds * 1000;
      const handlerDeadlineMs = remainingMs - spec.deadlineMarginMs;

      if ('batch' in expected) {
        if (!queue) throw new Error(`${subject.key} has no queue`);
        purgeQueues(lane);
        await workerCases[subject.key]!.seed!(lane);
        const message = await receiveOne(lane, queue);
        const handler = await lane.load<BatchHandler>(subject.functionName, fault);
        const started = performance.now();
        // A batch whose every record failed may be a function error (the S3 event workers):
        // Lambda then leaves the whole batch, here its one message, on the queue.
        const response = await handler(
          sqsEvent([message], lane.queues[queue].arn, localRegion),
          lambdaContext(subject.functionName, remainingMs),
        ).catch((error: unknown) => {
          if ((error as Error).name !== 'FullBatchFailureError') throw error;
          return { batchItemFailures: [{ itemIdentifier: message.MessageId ?? '' }] };
        });
        const took = performance.now() - started;
        expect(took, 'the batch ended inside the handler deadline').toBeLessThan(
          handlerDeadlineMs + slackMs,
        );
        const listed = response.batchItemFailures.map((f) => f.itemIdentifier);
        if (expected.batch === 'retried') {
          expect(listed).toEqual([message.MessageId]);
          // Not deleted: the event source leaves it for the next delivery (or the DLQ).
          expect((await queueDepths(lane))[queue]).toBe(1);
        } else {
          expect(listed).toEqual([]);
        }
        await lane.sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: lane.queues[queue].url,
            ReceiptHandle: message.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        );
        return;
      }

      const handler = await lane.load<ScheduleHandler>(subject.functionName, fault);
      if (subject.functionName === 'sweepFollowUps') {
        // A post whose follow-ups never reached a queue: what the sweeper is for.
        purgeQueues(lane);
        const createPost = await lane.load<ApiHandler>('createPost', {
          dependency: 'queue',
          mode: 'down',
        });
        const author = newAuthor();
        const created = await createPost(
          apiEvent({
            httpMethod: 'POST',
            headers: json,
            body: JSON.stringify({ content: 'Left for the sweeper', post_type: 'news' }),
            requestContext: signedIn(author),
          }),
          lambdaContext('createPost'),
        );
        expect(created.statusCode).toBe(201);
      }
      const started = performance.now();
      const run = handler(scheduled(), lambdaContext(subject.functionName, remainingMs)).then(
        (result) => ({ ok: true as const, result }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const outcome = await run;
      const took = performance.now() - started;
      expect(took, 'the run ended inside the handler deadline').toBeLessThan(
        handlerDeadlineMs + slackMs,
      );
      if (expected.schedule === 'failed') {
        expect(outcome.ok, 'the run failed (Lambda retries a scheduled run)').toBe(false);
      } else {
        // With the run's error in the message: `{ ok: false, …(1) }` alone does not say why (a
        // cache-hanging cacheProbe failed so once in a full suite under load, cause unknown).
        const why = outcome.ok ? '' : `: it failed with ${String(outcome.error)}`;
        expect(outcome, `the run completed${why}`).toMatchObject({ ok: true });
        if (outcome.ok) expected.check?.(outcome.result);
        if (subject.functionName === 'sweepFollowUps') {
          expect(await queueDepths(lane)).toEqual(
            Object.fromEntries(queueNames.map((q) => [q, 0])),
          );
        }
      }
    });
  });
});

function scheduled(): ScheduledEvent {
  return {
    version: '0',
    id: 'matrix',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: new Date().toISOString(),
    region: localRegion,
    resources: [],
    detail: {},
  };
}
