import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { openApiText } from '../../lib/contract/openapi-document';

/** Where the local cloud serves the API's description and its reference page. */
export const apiDocumentPaths = {
  document: '/openapi.json',
  docs: '/docs',
} as const;

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Files of the docs page: Swagger UI's own bundle (swagger-ui-dist, no CDN) and its start. */
const assets: Record<string, { file?: string; text?: string; type: string }> = {
  '/docs/swagger-ui.css': { file: join(swaggerUi, 'swagger-ui.css'), type: 'text/css' },
  '/docs/swagger-ui-bundle.js': {
    file: join(swaggerUi, 'swagger-ui-bundle.js'),
    type: 'text/javascript',
  },
  // The document as served, plus this very origin first among its servers, so "Try it out"
  // calls the local cloud on whatever port it runs.
  '/docs/start.js': {
    type: 'text/javascript',
    text: `fetch(${JSON.stringify(apiDocumentPaths.document)})
  .then((answer) => answer.json())
  .then((spec) => {
    spec.servers = [{ url: location.origin, description: 'This local cloud' }, ...(spec.servers || [])];
    window.ui = SwaggerUIBundle({ spec, dom_id: '#docs', deepLinking: true, tryItOutEnabled: true });
  });
`,
  },
};

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>posts-api reference</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="docs"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

/**
 * The gateway's hook for `GET /openapi.json` (docs/openapi.json as the code generates it:
 * the drift test keeps the file the same) and `/docs`, the document in Swagger UI. In the
 * cloud the stage serves the same document (lib/constructs/api-document.ts). Answers false
 * for any other path.
 */
export function apiDocumentPages() {
  let documentText: string | undefined;
  return (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    // Asked of every request the gateway serves: the path read once (each read of a URL's
    // pathname is a new string), and only the two pages' paths looked further into.
    const { pathname } = url;
    if (pathname !== apiDocumentPaths.document && !pathname.startsWith(apiDocumentPaths.docs)) {
      return false;
    }
    if (pathname === apiDocumentPaths.document) {
      documentText ??= openApiText();
      send(response, 'application/json', documentText);
      return true;
    }
    if (pathname === apiDocumentPaths.docs || pathname === `${apiDocumentPaths.docs}/`) {
      send(response, 'text/html; charset=utf-8', page);
      return true;
    }
    const asset = assets[pathname];
    if (!asset) return false;
    if (asset.text !== undefined) {
      send(response, asset.type, asset.text);
      return true;
    }
    readFile(asset.file ?? '').then(
      (bytes) => send(response, asset.type, bytes),
      (error: Error) =>
        send(response, 'text/plain', `docs asset unreadable: ${error.message}`, 500),
    );
    return true;
  };
}

function send(response: ServerResponse, type: string, body: string | Buffer, status = 200): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}
