import { createApiClient, type ApiClient } from '../lib/contract/api-client';
import { contractCheck } from '../lib/contract/answer-contract';

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

/**
 * The API at a base URL (`http://localhost:3000`, or a stage's `https://…/v1`) as the typed
 * client generated from docs/openapi.json (lib/contract/api-client.ts): `anonymous`, and
 * `signedIn` with the smoke user's bearer token. Every answer is checked against the
 * document (a drifted answer fails its step), and every request has a time limit, so a hung
 * stage fails its step instead of the whole run.
 */
export class SmokeClient {
  readonly anonymous: ApiClient;
  readonly signedIn: ApiClient;

  constructor(
    baseUrl: string,
    token: string,
    timeoutMs = 30_000,
    /** Aborts every request in flight (Ctrl-C). */
    interrupted?: AbortSignal,
  ) {
    const signal = () =>
      interrupted
        ? AbortSignal.any([AbortSignal.timeout(timeoutMs), interrupted])
        : AbortSignal.timeout(timeoutMs);
    const middleware = [contractCheck];
    this.anonymous = createApiClient(baseUrl, { signal, middleware });
    this.signedIn = createApiClient(baseUrl, { token, signal, middleware });
  }
}

/** A typed call's answer as a step reads it: its status, headers and body. */
export async function answerOf(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<Answer> {
  const { data, error, response } = await call;
  const json: unknown = data ?? error;
  const text = json === undefined ? '' : typeof json === 'string' ? json : JSON.stringify(json);
  return { status: response.status, headers: response.headers, text, json };
}
