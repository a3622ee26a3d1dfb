import { PostCountersTable } from '../adapters/post-counters-table';
import { getStats } from '../domain/post-stats';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { bindSignal } from '../pipeline/with-signal';

const counters = PostCountersTable.forFunction('getStats');

export const handler = httpHandler('getStats', async (event, { signal }) =>
  json(200, await getStats(bindSignal(counters, signal), event.queryStringParameters ?? {})),
);
