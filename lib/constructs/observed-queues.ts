import { Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IConstruct } from 'constructs';
import type { ObservedQueue } from './observability';

/**
 * Every SQS queue in the stack, each with its dead-letter queue, named by its
 * construct path: whatever construct builds the job queues, they are watched.
 * Call it after they exist (the stack builds Observability last).
 */
export function queuesIn(scope: IConstruct): ObservedQueue[] {
  const queues = scope.node.findAll().filter((c): c is sqs.Queue => c instanceof sqs.Queue);
  const deadLetterQueues = new Set<sqs.IQueue>(
    queues.flatMap((q) => (q.deadLetterQueue ? [q.deadLetterQueue.queue] : [])),
  );
  const stackPath = Stack.of(scope).node.path;
  return queues
    .filter((q) => !deadLetterQueues.has(q))
    .map((q) => ({
      name: q.node.path.slice(stackPath.length + 1),
      queue: q,
      ...(q.deadLetterQueue ? { deadLetterQueue: q.deadLetterQueue.queue } : {}),
    }));
}
