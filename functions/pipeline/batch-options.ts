import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { FunctionSpec } from '../../lib/description';
import { isDeadlineExceeded } from '../observability/deadline-exceeded';
import {
  lambdaPipeline,
  type Invocation,
  type LambdaPipeline,
  type PipelineKind,
} from './lambda-pipeline';

export type RecordWork = (record: SQSRecord, invocation: Invocation) => Promise<void>;

export interface BatchOptions {
  readonly kind: Extract<PipelineKind, 'job-batch' | 's3-event-batch'>;
  /**
   * False: every record failing is still a partial response (all listed), not a
   * function error. At the deadline the response always lists, never throws.
   */
  readonly throwOnFullBatchFailure?: boolean;
  readonly spec?: FunctionSpec;
}

/** A record the deadline came before: it is failed, so SQS delivers it again. */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached';
}

/**
 * A queue worker: the one pipeline with Powertools batch processing and a
 * partial batch response, so one failed record never fails the others (the
 * event source mapping must report batch item failures).
 *
 * At the deadline the signal aborts the records in flight, no record starts
 * after it, and the answer lists every record that did not finish as a
 * failure: those are delivered again, the finished ones are deleted, instead
 * of Lambda killing the invocation and the whole batch coming back.
 */
export function batchPipeline(
  name: string,
  handleRecord: RecordWork,
  options: BatchOptions,
): LambdaPipeline<SQSEvent, SQSBatchResponse> {
  const finished = new WeakMap<SQSEvent, Set<string>>();
  const atDeadline: middy.MiddlewareObj<SQSEvent, SQSBatchResponse, Error, Context> = {
    onError: (request) => {
      const done = finished.get(request.event);
      if (!done || !isDeadlineExceeded(request.error)) return;
      // The error stays on the request: the deadline metric still counts it.
      request.response = {
        batchItemFailures: request.event.Records.filter((r) => !done.has(r.messageId)).map((r) => ({
          itemIdentifier: r.messageId,
        })),
      };
    },
  };
  return lambdaPipeline<SQSEvent, SQSBatchResponse>(
    name,
    (event, invocation) => {
      const done = new Set<string>();
      finished.set(event, done);
      // One processor per invocation: records cut off at a deadline may still be
      // settling when the next batch arrives.
      const processor = new BatchProcessor(EventType.SQS);
      return processPartialResponse(
        event,
        async (record: SQSRecord) => {
          if (invocation.signal.aborted) throw new DeadlineReached('not started: deadline');
          await handleRecord(record, invocation);
          done.add(record.messageId);
        },
        processor,
        {
          context: invocation.context,
          ...(options.throwOnFullBatchFailure === false ? { throwOnFullBatchFailure: false } : {}),
        },
      );
    },
    {
      kind: options.kind,
      middlewares: [atDeadline],
      ...(options.spec ? { spec: options.spec } : {}),
    },
  );
}
