import { checkAnswer, ContractDrift } from '../../lib/contract/answer-contract';

/** One answer the API gave (or did not give) to one attempt. */
export interface Answer {
  readonly op: string;
  /** When the attempt was sent, and when its answer (or failure) came. */
  readonly at: number;
  readonly doneAt: number;
  /** The HTTP status, or 0 for a network error (refused, reset, no answer in time). */
  readonly status: number;
  readonly retryAfter: boolean;
  /** A read served from a kept copy: `X-Cache: HIT`, or the partner's `source` cache|stale. */
  readonly servedFrom?: string;
  /** How the answer differs from docs/openapi.json for its operation, if it does. */
  readonly drift?: string;
}

export interface Outcome<T> {
  /** The final answer's status (0: never answered), and its JSON body. */
  readonly status: number;
  readonly body: T | undefined;
  readonly attempts: number;
  readonly headers?: Headers;
}

export interface RequestSpec {
  readonly op: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Beyond API Gateway's 29 s integration timeout: the gateway's own answer always comes first. */
const attemptTimeoutMs = 35_000;
/** A client honours Retry-After but waits no longer than this between two attempts. */
const maxWaitMs = 10_000;

/**
 * An HTTP client as a well-behaved user's: it retries 429 and 503 (after Retry-After),
 * other 5xx and network errors (exponential backoff with full jitter) until `giveUpAt`,
 * and records every answer, retried or not, for the audit.
 */
export class RetryingClient {
  readonly answers: Answer[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly giveUpAt: () => number,
  ) {}

  async send<T>(spec: RequestSpec): Promise<Outcome<T>> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      let status = 0;
      let retryAfterSeconds: number | undefined;
      let headers: Headers | undefined;
      let body: T | undefined;
      let drift: string | undefined;
      const sentAt = Date.now();
      try {
        const response = await fetch(`${this.baseUrl}${spec.path}`, {
          method: spec.method,
          headers: {
            ...(spec.token ? { authorization: `Bearer ${spec.token}` } : {}),
            ...(spec.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...spec.headers,
          },
          body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
          signal: AbortSignal.timeout(attemptTimeoutMs),
        });
        status = response.status;
        headers = response.headers;
        const retryAfter = response.headers.get('retry-after');
        retryAfterSeconds = retryAfter !== null ? Number(retryAfter) : undefined;
        // Every answer against the document: an ajv check costs microseconds beside a chaos
        // run's requests, and the traffic is paced, not timed.
        drift = await checkAnswer(spec.method, spec.path, response).then(
          () => undefined,
          (error: unknown) => {
            if (error instanceof ContractDrift) return error.message;
            throw error;
          },
        );
        body = parseJson<T>(await response.text());
      } catch {
        // refused, reset or timed out: status 0, retried below
      }
      this.answers.push({
        op: spec.op,
        at: sentAt,
        doneAt: Date.now(),
        status,
        retryAfter: retryAfterSeconds !== undefined,
        servedFrom: servedFrom(headers, body),
        ...(drift ? { drift } : {}),
      });
      const retryable = status === 0 || status === 429 || status >= 500;
      const waitMs =
        retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds)
          ? Math.min(retryAfterSeconds * 1000, maxWaitMs)
          : Math.random() * Math.min(200 * 2 ** attempt, 5_000);
      if (!retryable || Date.now() + waitMs > this.giveUpAt()) {
        return { status, body, attempts: attempt, headers };
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

function parseJson<T>(text: string): T | undefined {
  try {
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function servedFrom(headers: Headers | undefined, body: unknown): string | undefined {
  if (headers?.get('x-cache') === 'HIT') return 'cache';
  const source = (body as { source?: unknown } | undefined)?.source;
  return source === 'cache' || source === 'stale' ? source : undefined;
}
