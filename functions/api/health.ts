import { probesForFunction } from '../adapters/health/health-probes';
import { service } from '../../lib/description';
import { checkHealth } from '../domain/health';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { requireOperator } from '../http/operator';

const probes = probesForFunction('health');
/**
 * A cold container's first SDK calls pay for the container, not the dependency: code not yet
 * compiled, credentials and endpoints resolved, connections opened. Inside a probe's timeout
 * that cost made a cold container's first `/health` a false 503 on a busy host. It is init's
 * work (before the first request, on init's full CPU): every probe runs once here, bounded as
 * always, its result dropped; the first answer then measures the dependencies as every later
 * one does, down or hanging included.
 */
await checkHealth(probes, service.health.budgetMs);

/**
 * `GET /health` answers the status only (anyone may ask whether the service is up);
 * `GET /health/details`, for operators, adds every dependency with its latency and failure.
 */
export const handler = httpHandler('health', async (event) => {
  const details = event.resource === '/health/details';
  if (details) {
    callerOf(event);
    requireOperator(event);
  }
  const report = await checkHealth(probes, service.health.budgetMs);
  const status = report.status === 'unhealthy' ? 503 : 200;
  return json(status, details ? report : { status: report.status }, {
    'cache-control': 'no-store',
  });
});
