import { optionalInteger, optionalString, requiredString } from '../input';
import type { Action } from './context';

const startMessageMoveTask: Action = (input, { store }) => ({
  TaskHandle: store.moveTasks.start(
    requiredString(input, 'SourceArn'),
    optionalString(input, 'DestinationArn'),
    optionalInteger(input, 'MaxNumberOfMessagesPerSecond'),
  ),
});

const listMessageMoveTasks: Action = (input, { store }) => ({
  Results: store.moveTasks.list(
    requiredString(input, 'SourceArn'),
    Math.min(10, Math.max(1, optionalInteger(input, 'MaxResults') ?? 1)),
  ),
});

const cancelMessageMoveTask: Action = (input, { store }) => ({
  ApproximateNumberOfMessagesMoved: store.moveTasks.cancel(requiredString(input, 'TaskHandle')),
});

export const moveTaskActions: Record<string, Action> = {
  StartMessageMoveTask: startMessageMoveTask,
  ListMessageMoveTasks: listMessageMoveTasks,
  CancelMessageMoveTask: cancelMessageMoveTask,
};
