import { probesForFunction } from '../adapters/health/health-probes';
import { service } from '../../lib/description';
import { checkHealth } from '../domain/health';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const probes = probesForFunction('health');

export const handler = httpHandler('health', async () => {
  const report = await checkHealth(probes, service.health.budgetMs);
  return json(report.status === 'unhealthy' ? 503 : 200, report, { 'cache-control': 'no-store' });
});
