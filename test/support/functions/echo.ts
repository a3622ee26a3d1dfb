import { json } from '../../../functions/http/http-event';
import { httpHandler } from '../../../functions/http/http-handler';
import { testFunctions } from '../test-functions';

export const handler = httpHandler(
  'echoTest',
  async (event) => json(200, { path: event.path }),
  testFunctions.echoTest,
);
