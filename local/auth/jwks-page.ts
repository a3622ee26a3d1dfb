import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalIssuer } from './local-issuer';
import { localUserPool } from './local-user-pool';

/** Serves the local issuer's public keys at `/_local/jwks.json` (the gateway's `localPages` hook). */
export function jwksPage(
  issuer: LocalIssuer,
): (request: IncomingMessage, response: ServerResponse, url: URL) => boolean {
  return (request, response, url) => {
    if (url.pathname !== localUserPool.jwksPath) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const body = JSON.stringify(issuer.jwks);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      // The key changes if the data folder is deleted; clients should not keep a stale one.
      'cache-control': 'no-store',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
    return true;
  };
}
