import type { ScheduledEvent } from 'aws-lambda';
import { functions, readEnvironment, service } from '../../lib/description';
import { cacheStore } from '../adapters/cache/container-cache-store';
import { documentClient } from '../adapters/dynamodb-client';
import { CacheStatusTable } from '../adapters/health/cache-status-table';
import { cacheProbe } from '../adapters/health/health-probes';
import { checkHealth, type CheckResult } from '../domain/health';
import { lambdaPipeline } from '../pipeline/lambda-pipeline';

const probe = cacheProbe(cacheStore());
// A plain client: the table adapters' shared one counts DynamoDBLatency, which this
// function never publishes.
const statuses = new CacheStatusTable(
  documentClient(functions.cacheProbe.sdk),
  readEnvironment('cacheProbe').tableName(),
);

/**
 * On a schedule, from inside the cache's VPC: PING the cache and record the
 * answer for `GET /health`, which runs outside the VPC. It publishes no
 * metric of its own beyond the pipeline's (it runs every minute; the cache's
 * own errors are counted by the functions that use it).
 */
export const handler = lambdaPipeline<ScheduledEvent, CheckResult>(
  'cacheProbe',
  async (_event, { signal, logger }) => {
    const report = await checkHealth([probe], service.health.budgetMs);
    const result = report.checks[probe.name] ?? { status: 'disabled', latency_ms: 0 };
    await statuses.withSignal(signal).record(result, new Date());
    if (result.status === 'failed' || result.status === 'timeout') {
      logger.warn('the cache did not answer its probe', { ...result });
    }
    return result;
  },
  { kind: 'schedule' },
);
