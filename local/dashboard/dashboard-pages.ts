import type { IncomingMessage, ServerResponse } from 'node:http';
import { dashboardPage } from './dashboard-page';
import type { LocalDashboard } from './local-dashboard';
import type { LocalMetrics } from './local-metrics';
import { pageAssets } from './page-script';

export const dashboardPaths = {
  page: '/_local/dashboard',
  script: '/_local/dashboard.js',
  metrics: '/_local/metrics',
} as const;

/**
 * The gateway's `localPages` hook for the dashboard: the page, its script,
 * and the JSON snapshot it polls (the tables' figures, each chart's points
 * and the alarms; scripts may read it too). Answers false for any other path
 * so other local pages (JWKS, ...) can be chained after it.
 */
export function dashboardPages(metrics: LocalMetrics, dashboard: LocalDashboard, title: string) {
  return (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (url.pathname === dashboardPaths.page || url.pathname === dashboardPaths.script) {
      pageAssets().then(
        ({ script, style }) =>
          url.pathname === dashboardPaths.page
            ? send(
                response,
                'text/html; charset=utf-8',
                dashboardPage(title, style, dashboardPaths.script),
              )
            : send(response, 'text/javascript; charset=utf-8', script),
        (error: Error) =>
          send(
            response,
            'text/plain; charset=utf-8',
            `dashboard script failed to build: ${error.message}`,
            500,
          ),
      );
      return true;
    }
    if (url.pathname === dashboardPaths.metrics) {
      const now = Date.now();
      const body = { ...metrics.snapshot(now), dashboard: dashboard.charts(now) };
      send(response, 'application/json', JSON.stringify(body));
      return true;
    }
    return false;
  };
}

function send(response: ServerResponse, contentType: string, body: string, status = 200): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  response.end(body);
}
