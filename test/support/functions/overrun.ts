import { setTimeout as sleep } from 'node:timers/promises';
import { json } from '../../../functions/http/http-event';
import { httpHandler } from '../../../functions/http/http-handler';
import { testFunctions } from '../test-functions';

const spec = testFunctions.overrunTest;

export const handler = httpHandler(
  'overrunTest',
  async () => {
    // Awaits (never blocks) well past Lambda's timeout.
    await sleep(spec.timeoutSeconds * 1000 * 5);
    return json(200, { finished: true });
  },
  spec,
);
