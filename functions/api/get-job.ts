import { JobsTable } from '../adapters/jobs-table';
import { getJob } from '../domain/text-jobs';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';

const ledger = JobsTable.forFunction('getJob');

export const handler = httpHandler('getJob', async (event) =>
  json(200, await getJob(ledger, callerOf(event), event.pathParameters?.id)),
);
