import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { functions, service } from '../../lib/description';
import { documentClient } from '../adapters/dynamodb-client';
import { cacheStore } from '../adapters/cache/store-from-environment';
import { CacheStatusTable } from '../adapters/health/cache-status-table';
import { cacheProbe } from '../adapters/health/health-probes';
import { checkHealth, type CheckResult } from '../domain/health';
import { telemetry } from '../observability/telemetry';

const { logger } = telemetry('cacheProbe');
const probe = cacheProbe(cacheStore());
// A plain client: the table adapters' shared one counts DynamoDBLatency, which this
// function never publishes.
const statuses = new CacheStatusTable(
  documentClient(functions.cacheProbe.sdk),
  process.env.TABLE_NAME ?? '',
);

/**
 * On a schedule, from inside the cache's VPC: PING the cache and record the
 * answer for `GET /health`, which runs outside the VPC. It publishes no
 * metric of its own (it runs every minute; the cache's own errors are counted
 * by the functions that use it).
 */
export const handler = middy<ScheduledEvent, CheckResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const report = await checkHealth([probe], service.health.budgetMs);
    const result = report.checks[probe.name] ?? { status: 'disabled', latency_ms: 0 };
    await statuses.record(result, new Date());
    if (result.status === 'failed' || result.status === 'timeout') {
      logger.warn('the cache did not answer its probe', { ...result });
    }
    return result;
  });
