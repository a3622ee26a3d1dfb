import { PostCountersTable } from '../adapters/post-counters-table';
import { getStats } from '../domain/post-stats';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const counters = PostCountersTable.forFunction('getStats');

export const handler = httpHandler('getStats', async (event) =>
  json(200, await getStats(counters, event.queryStringParameters ?? {})),
);
