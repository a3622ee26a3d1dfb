import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, type TestContext } from 'vitest';
import { SqsEventSource, type Invoker } from '../../local/event-sources/sqs-event-source';
import type { InvokeReport } from '../../local/lambda/lambda-pool';
import type { InvokeOutcome } from '../../local/lambda/invocation';
import { eventually } from '../support/eventually';
import { startLocalSqs, type LocalSqs } from '../local-sqs/harness';

/**
 * The event source mapping against the real local queue service, with a
 * stand-in function whose answers each test chooses.
 */
interface Setup {
  readonly batchSize?: number;
  readonly windowSeconds?: number;
  readonly maxConcurrency?: number;
  readonly visibilitySeconds?: number;
  readonly answer?: (event: SQSEvent, call: number) => InvokeOutcome | Promise<InvokeOutcome>;
}

/** Each test's own local SQS, torn down with it (the tests run side by side). */
const localSqs = ({ onTestFinished }: TestContext) => startLocalSqs({}, onTestFinished);

async function start(local: LocalSqs, { onTestFinished }: TestContext, setup: Setup = {}) {
  const { store } = local.server;
  store.createQueue('work-dlq');
  store.createQueue('work', {
    VisibilityTimeout: String(setup.visibilitySeconds ?? 1),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: store.arnOf('work-dlq'),
      maxReceiveCount: 2,
    }),
  });
  const url = `${local.server.url}/000000000000/work`;
  const events: SQSEvent[] = [];
  let running = 0;
  let peak = 0;
  const invoker: Invoker = {
    async invoke(event) {
      const call = events.push(event as SQSEvent);
      running += 1;
      peak = Math.max(peak, running);
      try {
        const outcome = await (setup.answer?.(event as SQSEvent, call) ?? {
          ok: true,
          payload: null,
        });
        return { requestId: String(call), durationMs: 1, maxMemoryMb: 1, outcome } as InvokeReport;
      } finally {
        running -= 1;
      }
    },
  };
  const source = new SqsEventSource({
    functionName: 'worker',
    pool: invoker,
    client: local.sqs,
    queueName: 'work',
    queueUrl: url,
    queueArn: store.arnOf('work'),
    region: 'us-east-1',
    batchSize: setup.batchSize ?? 10,
    maxBatchingWindowSeconds: setup.windowSeconds ?? 0,
    maxConcurrency: setup.maxConcurrency ?? 2,
    onLine: () => undefined,
  });
  source.start();
  onTestFinished(() => source.close());
  const send = (...bodies: string[]) =>
    local.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );
  const depth = () => store.stats('work');
  return { source, events, send, depth, url, peak: () => peak, store };
}

const bodies = (event: SQSEvent | undefined) => event?.Records.map((r) => r.body).sort();

// Each test has its own local SQS and event source: their waits (visibility timeouts, a
// batching window) run side by side.
describe.concurrent('the SQS event source mapping', () => {
  it('invokes with a real SQSEvent and deletes the batch the function took', async (context) => {
    const local = await localSqs(context);
    const { events, depth, url } = await start(local, context);
    await local.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'hello',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      }),
    );
    await eventually(() => expect(depth()).toMatchObject({ visible: 0, inFlight: 0 }));
    const [record] = events[0]?.Records ?? [];
    expect(record).toMatchObject({
      body: 'hello',
      md5OfBody: createHash('md5').update('hello').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:work',
      awsRegion: 'us-east-1',
      messageAttributes: { kind: { stringValue: 'greeting', dataType: 'String' } },
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
      },
    });
    expect(record?.messageId).toBeTruthy();
    expect(record?.receiptHandle).toBeTruthy();
  });

  it('keeps only the records the function lists as failed; they come back after the visibility timeout', async (context) => {
    const local = await localSqs(context);
    const { events, send, depth } = await start(local, context, {
      answer: (event, call) =>
        call === 1
          ? {
              ok: true,
              payload: {
                batchItemFailures: event.Records.filter((r) => r.body === 'b').map((r) => ({
                  itemIdentifier: r.messageId,
                })),
              },
            }
          : { ok: true, payload: { batchItemFailures: [] } },
    });
    await send('a', 'b', 'c');
    await eventually(() => expect(events).toHaveLength(2));
    expect(bodies(events[0])).toEqual(['a', 'b', 'c']);
    expect(bodies(events[1])).toEqual(['b']);
    expect(events[1]?.Records[0]?.attributes.ApproximateReceiveCount).toBe('2');
    await eventually(() => expect(depth()).toMatchObject({ visible: 0, inFlight: 0 }));
  });

  it('leaves the whole batch on a function error, and the queue moves it to the DLQ after maxReceiveCount', async (context) => {
    const local = await localSqs(context);
    const { events, send, store, source } = await start(local, context, {
      answer: () => ({ ok: false, errorType: 'Error', errorMessage: 'boom' }),
    });
    await send('x', 'y');
    await eventually(() => expect(store.stats('work-dlq')?.visible).toBe(2));
    // Two deliveries each (maxReceiveCount 2), whole batches.
    expect(events.flatMap((e) => e.Records.map((r) => r.body)).sort()).toEqual([
      'x',
      'x',
      'y',
      'y',
    ]);
    expect(source.batches.every((b) => b.outcome === 'function-error')).toBe(true);
  });

  it('treats a response it cannot read as a failure of the whole batch', async (context) => {
    const local = await localSqs(context);
    const { events, send, depth } = await start(local, context, {
      answer: (_, call) =>
        call === 1
          ? { ok: true, payload: { batchItemFailures: [{ itemIdentifier: 'not-in-batch' }] } }
          : { ok: true, payload: null },
    });
    await send('p', 'q');
    await eventually(() => expect(events).toHaveLength(2));
    expect(bodies(events[1])).toEqual(['p', 'q']);
    await eventually(() => expect(depth()).toMatchObject({ visible: 0, inFlight: 0 }));
  });

  it('gathers for the batching window, and invokes at once when the batch is full', async (context) => {
    const local = await localSqs(context);
    // One poller, so all three can only meet in its batch (with two, the second poller may
    // take the late one); a visibility timeout longer than the window, as AWS advises.
    const { events, send, depth } = await start(local, context, {
      batchSize: 5,
      windowSeconds: 1,
      maxConcurrency: 1,
      visibilitySeconds: 10,
    });
    await send('1', '2');
    // The poller has taken the first two and is gathering: the third joins its window.
    await eventually(() => expect(depth()).toMatchObject({ visible: 0, inFlight: 2 }));
    await send('3');
    await eventually(() => expect(events).toHaveLength(1));
    expect(bodies(events[0])).toEqual(['1', '2', '3']);

    await send('a', 'b', 'c', 'd', 'e', 'f', 'g');
    await eventually(() => expect(events.flatMap((e) => e.Records)).toHaveLength(10));
    expect(
      events
        .slice(1)
        .map((e) => e.Records.length)
        .sort(),
    ).toEqual([2, 5]);
  });

  it('never runs more batches at once than its maximum concurrency', async (context) => {
    const local = await localSqs(context);
    const { events, send, peak } = await start(local, context, {
      batchSize: 1,
      maxConcurrency: 2,
      answer: async () => {
        // Each batch is held a while so a poller over the limit would have the time to take
        // another: the absence of a third at once has no event to wait for, only time.
        await new Promise((resolve) => setTimeout(resolve, 200));
        return { ok: true, payload: null };
      },
    });
    await send('1', '2', '3', '4', '5', '6');
    await eventually(() => expect(events).toHaveLength(6));
    expect(peak()).toBe(2);
  });

  it('stops polling on close, even in the middle of a long poll, and takes nothing after', async (context) => {
    const local = await localSqs(context);
    let polling: () => void = () => undefined;
    const polled = new Promise<void>((resolve) => (polling = resolve));
    // The moment a receive leaves for the server: a long poll (20 s) is then in flight.
    local.sqs.middlewareStack.add(
      (next, context) => (args) => {
        if (context.commandName === 'ReceiveMessageCommand') polling();
        return next(args);
      },
      { step: 'finalizeRequest', name: 'receiveSent' },
    );
    const { source, send, depth, events } = await start(local, context);
    await polled;
    const started = performance.now();
    await source.close();
    // Well before the long poll's 20 s: close aborted it rather than waiting it out (half of
    // it: a margin a loaded machine keeps).
    expect(performance.now() - started).toBeLessThan(10_000);
    await send('after close');
    expect(depth()).toMatchObject({ visible: 1, inFlight: 0 });
    expect(events).toEqual([]);
  });
});
