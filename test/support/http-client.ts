import { checkAnswer, isOperation } from './contract';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly json: Record<string, unknown> | undefined;
}

/**
 * A small JSON client for the local API; `as(user)` sends the same requests
 * signed in as that user (with `tokenFor`, e.g. the local cloud's issuer). Every answer is
 * checked against docs/openapi.json as the typed client's are (typed-api.ts): one that drifts
 * from the contract, or a status its operation does not declare, throws ContractDrift. A path
 * that is no operation of the document (a test of the gateway's 404) has no contract to check.
 */
export function apiClient(baseUrl: () => string, tokenFor?: (user: string) => Promise<string>) {
  async function send(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    // A path that is no operation's (the gateway's own 404) has no contract to check.
    if (isOperation(method, path)) await checkAnswer(method, path, response);
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    return { status: response.status, headers: response.headers, json };
  }
  const methods = (auth: () => Promise<Record<string, string>>) => ({
    get: async (path: string) => send('GET', path, undefined, await auth()),
    post: async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      send('POST', path, body, { ...(await auth()), ...headers }),
    delete: async (path: string) => send('DELETE', path, undefined, await auth()),
  });
  return {
    send,
    ...methods(() => Promise.resolve({})),
    as: (user: string) =>
      methods(async () => {
        if (!tokenFor) throw new Error('apiClient: no tokenFor to sign in with');
        return { authorization: `Bearer ${await tokenFor(user)}` };
      }),
  };
}
