import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { functions, readEnvironment, service } from '../../lib/description';
import { DynamoLastGoodStore } from '../adapters/partner/last-good-store';
import { HttpPartnerApi } from '../adapters/partner/partner-api';
import { PooledHttpClient } from '../adapters/partner/pooled-http-client';
import { CircuitBreaker } from '../domain/circuit-breaker';
import { externalData, type ExternalDataView } from '../domain/external-data';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { HttpProblem } from '../http/http-problem';
import { MetricName } from '../observability/metric-names';
import { bindSignal } from '../pipeline/with-signal';

const settings = service.partner;
const partnerUrl = readEnvironment('externalData').partnerApiUrl();
// One pooled client and one breaker per container: they outlive invocations.
const partner = partnerUrl ? new HttpPartnerApi(partnerUrl, new PooledHttpClient()) : undefined;
const store = DynamoLastGoodStore.forFunction('externalData');
const breaker = new CircuitBreaker(settings.breaker);

export const handler = httpHandler(
  'externalData',
  async (_event, { metrics, logger, signal }, context) => {
    if (!partner) {
      throw new HttpProblem(503, 'Service Unavailable', 'No partner API is configured here.');
    }
    const now = Date.now();
    const left =
      context.getRemainingTimeInMillis() -
      functions.externalData.deadlineMarginMs -
      settings.storeReserveMs;
    const answer = await externalData({
      partner: bindSignal(partner, signal),
      store: bindSignal(store, signal),
      breaker,
      policy: settings,
      deadline: now + Math.min(settings.budgetMs, left),
      events: {
        attempt: (ms, error) => {
          metrics.addMetric(MetricName.PartnerCallLatency, MetricUnit.Milliseconds, ms);
          if (error === undefined) return;
          metrics.addMetric(MetricName.PartnerErrors, MetricUnit.Count, 1);
          logger.warn('partner call failed', { error: (error as Error).message });
        },
        breakerOpened: () => {
          metrics.addMetric(MetricName.BreakerOpen, MetricUnit.Count, 1);
          logger.warn('partner circuit breaker opened', { openMs: settings.breaker.openMs });
        },
        storeFailed: (operation, error) =>
          logger.warn('last good partner answer not stored or read', {
            operation,
            error: (error as Error).message,
          }),
      },
    });
    if (answer.kind === 'unavailable') {
      throw new HttpProblem(
        503,
        'Service Unavailable',
        `${answer.reason} No earlier answer is kept to serve instead.`,
        [],
        { 'retry-after': String(answer.retryAfterSeconds) },
      );
    }
    const { source, breaker: state, fetched_at, age_seconds, data } = answer;
    const view: ExternalDataView = { source, breaker: state, fetched_at, age_seconds, data };
    return json(200, view);
  },
);
