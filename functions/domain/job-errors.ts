/**
 * A job that failed for a reason that may pass (a webhook endpoint down, a
 * duplicate delivery still running): the message is retried, after
 * `delaySeconds` when given, else after the queue's backoff.
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delaySeconds?: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
