import { service } from '../../../lib/description';
import type { PartnerApi } from '../../domain/external-data';
import { boundTo } from '../../pipeline/with-signal';
import { HttpCallError, type PooledHttpClient } from './pooled-http-client';

/** The partner answered, but not with data; `retryable` says whether another try may help. */
export class PartnerError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PartnerError';
  }
}

/**
 * One GET of the partner's URL: a JSON object or array with a 200 is data.
 * Timeouts, resets and 5xx/408/429 answers are worth retrying; any other
 * status, or a body that is not JSON, is not.
 */
export class HttpPartnerApi implements PartnerApi {
  constructor(
    private readonly url: URL,
    private readonly client: PooledHttpClient,
    private readonly limits: Pick<
      typeof service.partner,
      'connectTimeoutMs' | 'maxBodyBytes'
    > = service.partner,
  ) {}

  protected signal: AbortSignal | undefined;

  /** The same partner for one invocation: a call in flight ends when `signal` fires. */
  withSignal(signal: AbortSignal | undefined): this {
    return boundTo(this, signal);
  }

  async fetch(timeoutMs: number): Promise<unknown> {
    let answer;
    try {
      answer = await this.client.get(this.url, {
        connectTimeoutMs: Math.min(this.limits.connectTimeoutMs, timeoutMs),
        timeoutMs,
        maxBodyBytes: this.limits.maxBodyBytes,
        ...(this.signal ? { signal: this.signal } : {}),
      });
    } catch (error) {
      const retryable = !(
        error instanceof HttpCallError &&
        (error.code === 'TOO_LARGE' || error.code === 'ABORTED')
      );
      throw new PartnerError((error as Error).message, retryable, { cause: error });
    }
    const { status } = answer;
    if (status !== 200) {
      const retryable = status >= 500 || status === 408 || status === 429;
      throw new PartnerError(`The partner answered ${status}`, retryable);
    }
    let data: unknown;
    try {
      data = JSON.parse(answer.body.toString('utf8'));
    } catch (error) {
      throw new PartnerError('The partner answered with a body that is not JSON', false, {
        cause: error,
      });
    }
    if (data === null || typeof data !== 'object') {
      throw new PartnerError('The partner answered with JSON that is not an object', false);
    }
    return data;
  }
}
