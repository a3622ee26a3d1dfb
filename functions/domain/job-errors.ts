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

/**
 * A job that can never succeed as sent (unrenderable input, an invalid
 * image, a message no worker can read): it is settled `failed` with this
 * reason at once, and its message is not retried.
 */
export class PermanentFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentFailure';
  }
}
