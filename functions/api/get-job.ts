import { JobsTable } from '../adapters/jobs-table';
import { getJob } from '../domain/text-jobs';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { bindSignal } from '../pipeline/with-signal';

const ledger = JobsTable.forFunction('getJob');

export const handler = httpHandler('getJob', async (event, { signal }) =>
  json(200, await getJob(bindSignal(ledger, signal), callerOf(event), event.pathParameters?.id)),
);
