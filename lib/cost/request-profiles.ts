/**
 * What one request of each route does, as the code does it today: which
 * functions run and for how long, what they read and write in DynamoDB, what
 * they send to SQS, the cache and S3, and which custom metrics they publish.
 * The template says what exists and at what size; this says how it is used.
 * Keep it true when a request path changes (docs/cost.md says how to check).
 *
 * Durations are estimates of warm, billed milliseconds in the cloud (not
 * measured there: nothing here is deployed); a cold start adds to a few per
 * cent of invocations and is left out. Change them when measurements say
 * otherwise; docs/cost.md shows how much each moves the total.
 */
import type { FunctionName } from '../description';
import type { TrafficMix } from './traffic-mix';

/** A write to the post item; the indexes it lands in are priced from the template. */
export interface PostWrite {
  readonly item: 'post';
  readonly op: 'put' | 'update' | 'delete';
  /** Attributes the write sets or removes (an index pays only when a projected one changes). */
  readonly changes: readonly string[];
  /** Indexes the item is in after the write (keys present). */
  readonly inIndexes: readonly string[];
  /** Indexes whose keys the write removes: one delete in each. */
  readonly leavesIndexes?: readonly string[];
}

/** A write to any other item (ledger, counters, idempotency record), with its size. */
export interface OtherWrite {
  readonly item: 'other';
  readonly kb: number;
  readonly count?: number;
}

export interface Read {
  readonly kb: number;
  readonly consistent?: boolean;
  readonly count?: number;
}

export interface Work {
  readonly invocations: readonly { readonly fn: FunctionName; readonly ms: number }[];
  readonly apiRequests: number;
  readonly reads: readonly Read[];
  readonly writes: readonly (PostWrite | OtherWrite)[];
  readonly sqsRequests: number;
  /** The size of each cache command's value, KB (an ECPU per KB, at least one). */
  readonly cacheCommandsKb: readonly number[];
  readonly s3Puts: number;
  /** Log lines ingested: Lambda's START/END/REPORT, the JSON logs, the EMF metrics, access logs. */
  readonly logKb: number;
  /** Custom metric series it publishes (see custom-metrics.ts for the naming). */
  readonly metrics: readonly string[];
}

/** The list indexes: a post is in them from its creation. */
const listIndexes = ['byAuthor', 'feed'];
/** One Lambda invocation's own log lines (START, END, REPORT) plus a JSON log and its EMF blob. */
const invocationLogKb = 1.2;
/** One API Gateway access log line. */
const accessLogKb = 0.6;
/** A small record: a ledger entry, a counter, a media record without its URLs. */
const smallKb = 0.3;
/** Per in-VPC invocation, its share of the VPC flow log records. */
const flowLogKb = 0.2;

/** What every HTTP handler and job worker publishes as itself (see custom-metrics.ts). */
const perFunction = (fn: FunctionName) => [`ColdStart/${fn}`, `EventLoopDelayMax/${fn}`];

/** One route's work, as a function of the mix (item size, cache hit). */
export function routeWork(mix: TrafficMix) {
  const post = mix.itemKb;
  /** The post's cached view: the post with its media list and URLs. */
  const view = post + 0.5;

  const getPostHit: Work = {
    // One cache GET of the whole view: no table read, no URL signed.
    invocations: [{ fn: 'getPost', ms: 8 }],
    apiRequests: 1,
    reads: [],
    writes: [],
    sqsRequests: 0,
    cacheCommandsKb: [view],
    s3Puts: 0,
    logKb: invocationLogKb + accessLogKb + flowLogKb,
    metrics: [...perFunction('getPost'), 'CacheHit', 'CacheLatency'],
  };
  const getPostMiss: Work = {
    invocations: [{ fn: 'getPost', ms: 30 }],
    apiRequests: 1,
    // One Query of the post's partition (the post, its media, its card); URLs signed in process.
    reads: [{ kb: post + smallKb }],
    writes: [],
    sqsRequests: 0,
    cacheCommandsKb: [0, view],
    s3Puts: 0,
    logKb: invocationLogKb + accessLogKb + flowLogKb,
    metrics: [...perFunction('getPost'), 'CacheMiss', 'CacheLatency', 'DynamoDBLatency'],
  };
  const listPosts: Work = {
    invocations: [{ fn: 'listPosts', ms: 30 }],
    apiRequests: 1,
    // A page of 20 (the default limit) from an index, eventually consistent.
    reads: [{ kb: 20 * post }],
    writes: [],
    sqsRequests: 0,
    cacheCommandsKb: [],
    s3Puts: 0,
    logKb: invocationLogKb + accessLogKb,
    metrics: [...perFunction('listPosts'), 'DynamoDBLatency'],
  };

  // POST /posts and the life of the post it makes: three jobs, each finishing on the post item.
  const kinds = ['analytics', 'notifications', 'image'] as const;
  const markDone = (kind: string): PostWrite => ({
    item: 'post',
    op: 'update',
    changes: [`jobs.${kind}`],
    inIndexes: listIndexes,
  });
  const createPost: Work = {
    invocations: [
      { fn: 'createPost', ms: 60 },
      { fn: 'analyticsWorker', ms: 80 },
      { fn: 'notificationsWorker', ms: 60 },
      { fn: 'imageWorker', ms: 700 },
    ],
    apiRequests: 1,
    reads: [
      // Each worker's ledger read; notifications' webhook Query; analytics' counters.
      { kb: smallKb, consistent: true, count: 3 },
      { kb: smallKb },
    ],
    writes: [
      // Idempotency claim (with the post in it), the post, the claim marked done.
      { item: 'other', kb: post + smallKb, count: 2 },
      {
        item: 'post',
        op: 'put',
        changes: ['*'],
        inIndexes: [...listIndexes, 'unsent'],
      },
      // All three jobs on their queues: off the sweeper's list.
      {
        item: 'post',
        op: 'update',
        changes: ['gsi3pk', 'gsi3sk'],
        inIndexes: listIndexes,
        leavesIndexes: ['unsent'],
      },
      // analytics: lease, four counters added, done, four counters settled.
      { item: 'other', kb: smallKb, count: 10 },
      // notifications: lease, done.
      { item: 'other', kb: smallKb, count: 2 },
      // image: the share card linked on the post.
      { item: 'post', op: 'update', changes: ['share_card'], inIndexes: listIndexes },
      ...kinds.map(markDone),
      // The last job done: ready.
      { item: 'post', op: 'update', changes: ['status', 'updated_at'], inIndexes: listIndexes },
    ],
    // Each job: sent, received by the event source, deleted (batches of one at this rate).
    sqsRequests: 3 * kinds.length,
    cacheCommandsKb: [],
    s3Puts: 1,
    logKb: 4 * invocationLogKb + accessLogKb,
    metrics: [
      ...perFunction('createPost'),
      ...perFunction('analyticsWorker'),
      ...perFunction('notificationsWorker'),
      ...perFunction('imageWorker'),
      'PostCreated',
      'DynamoDBLatency',
      'ShareCardRendered',
      ...kinds.flatMap((k) => [`JobsEnqueued/${k}`, `JobsSucceeded/${k}`, `JobLatency/${k}`]),
    ],
  };
  const analyzeText: Work = {
    invocations: [
      { fn: 'analyzeText', ms: 40 },
      { fn: 'textAnalysisWorker', ms: 800 },
    ],
    apiRequests: 1,
    reads: [{ kb: 2, consistent: true }],
    writes: [
      // The job record, its lease, its result (a few KB of statistics).
      { item: 'other', kb: smallKb, count: 2 },
      { item: 'other', kb: 3 },
    ],
    sqsRequests: 3,
    cacheCommandsKb: [],
    s3Puts: 0,
    logKb: 2 * invocationLogKb + accessLogKb,
    metrics: [
      ...perFunction('analyzeText'),
      ...perFunction('textAnalysisWorker'),
      'JobsEnqueued/textAnalysis',
      'JobsSucceeded/textAnalysis',
      'JobLatency/textAnalysis',
      'DynamoDBLatency',
    ],
  };
  return { getPostHit, getPostMiss, listPosts, createPost, analyzeText };
}

/**
 * Work that runs with no traffic at all, one run of each scheduled function.
 * A scheduled function without an entry here fails the estimate: its runs
 * would be left out of the idle floor.
 */
export const scheduledRuns: Partial<Record<FunctionName, Work>> = {
  sweepFollowUps: {
    invocations: [{ fn: 'sweepFollowUps', ms: 100 }],
    apiRequests: 0,
    // One Query of the (keys-only, usually empty) unsent index.
    reads: [{ kb: 0 }],
    writes: [],
    sqsRequests: 0,
    cacheCommandsKb: [],
    s3Puts: 0,
    logKb: invocationLogKb,
    metrics: ['ColdStart/sweepFollowUps', 'FollowUpsSwept', 'DynamoDBLatency'],
  },
  cacheProbe: {
    // A PING and one small PutItem; no log line unless the cache fails, no metric.
    invocations: [{ fn: 'cacheProbe', ms: 20 }],
    apiRequests: 0,
    reads: [],
    writes: [{ item: 'other', kb: smallKb }],
    sqsRequests: 0,
    cacheCommandsKb: [0],
    s3Puts: 0,
    logKb: 0.4 + flowLogKb,
    metrics: [],
  },
};

/**
 * Lambda's SQS event sources long-poll each queue whether or not a message
 * comes: five pollers per event source to begin with, one 20-second
 * ReceiveMessage at a time each (AWS Lambda developer guide, "Using Lambda
 * with Amazon SQS"). An assumption: AWS scales the pollers and does not publish
 * their idle count.
 */
export const idleSqsPolling = { pollersPerEventSource: 5, receivesPerPollerPerMinute: 3 };
