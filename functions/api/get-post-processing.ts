import { MediaTable } from '../adapters/media-table';
import { getPostProcessing } from '../domain/post-processing';
import { callerOf } from '../http/authorized-caller';
import { json } from '../http/http-event';
import { httpHandler } from '../http/http-handler';
import { withSignal } from '../pipeline/with-signal';

const deps = { media: MediaTable.forFunction('getPostProcessing') };

export const handler = httpHandler('getPostProcessing', async (event, { signal }) =>
  json(
    200,
    await getPostProcessing(withSignal(deps, signal), callerOf(event), event.pathParameters?.id),
  ),
);
