import { unknownOperation, unsupportedOperation } from '../errors';
import { batchActions } from './batch-actions';
import type { Action } from './context';
import { messageActions } from './message-actions';
import { moveTaskActions } from './move-task-actions';
import { queueActions } from './queue-actions';

export type { Action, ActionContext } from './context';

const actions: Record<string, Action> = {
  ...queueActions,
  ...messageActions,
  ...batchActions,
  ...moveTaskActions,
};

/** Real SQS actions this emulator knowingly leaves out: a clearer error than "unknown". */
const NOT_EMULATED = new Set(['AddPermission', 'RemovePermission']);

/** The handler for an `X-Amz-Target` value, or the error SQS's front end would give. */
export function resolveAction(target: string): Action {
  const [service, name, ...rest] = target.split('.');
  const action = service === 'AmazonSQS' && name && rest.length === 0 && actionNamed(name);
  if (action) return action;
  throw unknownOperation(target);
}

/** The handler for an action name (the Query protocol's `Action=`), or undefined if unknown. */
export function actionNamed(name: string): Action | undefined {
  const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
  if (action) return action;
  if (NOT_EMULATED.has(name)) {
    throw unsupportedOperation(`${name} is not emulated by the local SQS server.`);
  }
  return undefined;
}
