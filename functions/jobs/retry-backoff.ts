import {
  queues,
  readEnvironment,
  type EnvironmentSource,
  type QueueName,
} from '../../lib/description';

export interface Backoff {
  readonly baseSeconds: number;
  readonly maxSeconds: number;
}

/** SQS's ceiling for a visibility timeout. */
const MAX_VISIBILITY_SECONDS = 12 * 60 * 60;

/**
 * The queue's retry backoff from the description. The local runtime may
 * shorten it for tests through `LOCAL_RETRY_BACKOFF="<base>,<max>"`; nothing
 * in the cloud sets that variable.
 */
export function retryBackoff(queue: QueueName, environment?: EnvironmentSource): Backoff {
  return (
    readEnvironment(undefined, environment).retryBackoffOverride() ?? queues[queue].retryBackoff
  );
}

/** Seconds until the next attempt after `receiveCount` failed deliveries: doubling, capped. */
export function backoffSeconds(backoff: Backoff, receiveCount: number): number {
  const attempt = Math.max(1, Math.floor(receiveCount));
  const delay = backoff.baseSeconds * 2 ** Math.min(attempt - 1, 30);
  return Math.min(delay, backoff.maxSeconds, MAX_VISIBILITY_SECONDS);
}
