/** One answer of the API, its body read whole. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

/** An answer that is not what the step expected: its message says what came instead. */
export class UnexpectedAnswer extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Why an answer was not the one expected: its status, and the problem's detail if it has one. */
export function unexpected(answer: Answer, expected: string): UnexpectedAnswer {
  const problem = answer.json as { detail?: unknown; errors?: unknown } | undefined;
  const detail =
    typeof problem?.detail === 'string'
      ? `: ${problem.detail}${Array.isArray(problem.errors) && problem.errors.length ? ` ${JSON.stringify(problem.errors)}` : ''}`
      : answer.text
        ? `: ${answer.text.slice(0, 200)}`
        : '';
  return new UnexpectedAnswer(answer.status, `expected ${expected}, got ${answer.status}${detail}`);
}

/** Throws unless the answer has the status expected. */
export function expectStatus(answer: Answer, ...statuses: number[]): Answer {
  if (!statuses.includes(answer.status)) throw unexpected(answer, statuses.join(' or '));
  return answer;
}

export interface SendOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Sign in with the smoke user's token (every write, and jobs and webhooks). */
  readonly signedIn?: boolean;
}

/**
 * The API at a base URL (`http://localhost:3000`, or a stage's `https://…/v1`): JSON in,
 * JSON out, the smoke user's bearer token on signed-in requests. Every request has a
 * time limit, so a hung stage fails its step instead of the whole run.
 */
export class SmokeClient {
  private readonly base: string;

  constructor(
    baseUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 30_000,
    /** Aborts every request in flight (Ctrl-C). */
    private readonly interrupted?: AbortSignal,
  ) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.signedIn) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: this.interrupted
        ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.interrupted])
        : AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  }
}
