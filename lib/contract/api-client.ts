import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './openapi-types';

/** The API as a typed client: paths, parameters, bodies and answers from docs/openapi.json. */
export type ApiClient = Client<paths>;

export interface ApiClientOptions {
  /** A bearer token (a Cognito ID token, or the local issuer's) sent on every request. */
  readonly token?: string;
  /** Checks that run on every request and answer (e.g. the contract tests' validator). */
  readonly middleware?: readonly Middleware[];
  /** Every request's signal (a time limit, Ctrl-C). */
  readonly signal?: () => AbortSignal;
}

/**
 * An openapi-fetch client of the API at `baseUrl` (`http://localhost:3000`, or a stage's
 * `https://…/v1`), on the types `npm run openapi` generates from the document.
 */
export function createApiClient(baseUrl: string, options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, '') });
  const { token, signal } = options;
  if (token !== undefined || signal) {
    client.use({
      onRequest({ request }) {
        if (token !== undefined) request.headers.set('authorization', `Bearer ${token}`);
        return signal ? new Request(request, { signal: signal() }) : request;
      },
    });
  }
  client.use(...(options.middleware ?? []));
  return client;
}
