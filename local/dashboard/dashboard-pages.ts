import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardPage } from './dashboard-page';
import type { LocalMetrics } from './local-metrics';

export const dashboardPaths = { page: '/_local/dashboard', metrics: '/_local/metrics' } as const;

/**
 * The gateway's `localPages` hook for the dashboard: the page, and the JSON
 * snapshot it polls. Answers false for any other path so other local pages
 * (JWKS, ...) can be chained after it.
 */
export function dashboardPages(metrics: LocalMetrics, title: string) {
  const page = dashboardPage(title);
  return (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname === dashboardPaths.page) {
      send(response, 'text/html; charset=utf-8', page);
      return true;
    }
    if (url.pathname === dashboardPaths.metrics) {
      send(response, 'application/json', JSON.stringify(metrics.snapshot()));
      return true;
    }
    return false;
  };
}

function send(response: ServerResponse, contentType: string, body: string): void {
  response.writeHead(200, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}
