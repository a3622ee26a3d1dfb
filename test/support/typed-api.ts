import { createApiClient, type ApiClient } from '../../lib/contract/api-client';
import { contractCheck } from './contract';

/**
 * The typed client (lib/contract/api-client.ts) for the HTTP tests, with the contract check on
 * every answer: an answer that drifts from docs/openapi.json rejects the call. The base URL is
 * read at each call (the servers start in beforeAll); `as(user)` signs in with `tokenFor`.
 */
export function typedApi(
  baseUrl: () => string,
  tokenFor?: (user: string) => Promise<string>,
): ApiClient & { as(user: string): Promise<ApiClient> } {
  const anonymous = lateBound(baseUrl);
  return Object.assign(anonymous, {
    async as(user: string) {
      if (!tokenFor) throw new Error('typedApi: no tokenFor to sign in with');
      return createApiClient(baseUrl(), {
        token: await tokenFor(user),
        middleware: [contractCheck],
      });
    },
  });
}

/** A client whose methods go to the base URL of the moment (each server's port is chosen late). */
function lateBound(baseUrl: () => string): ApiClient {
  let current: { url: string; client: ApiClient } | undefined;
  const client = (): ApiClient => {
    const url = baseUrl();
    if (current?.url !== url) {
      current = { url, client: createApiClient(url, { middleware: [contractCheck] }) };
    }
    return current.client;
  };
  return new Proxy({} as ApiClient, {
    // What is set on the proxy itself (`as`) stays its own; the rest is the client's of the moment.
    get: (own, key) => (key in own ? Reflect.get(own, key) : Reflect.get(client(), key)),
  });
}

/**
 * The typed client at `baseUrl` sending `token` as it is (a forged, expired or empty one
 * included), with the contract check; no token for an anonymous caller.
 */
export function typedApiWithToken(baseUrl: string, token?: string): ApiClient {
  return createApiClient(baseUrl, { token, middleware: [contractCheck] });
}
