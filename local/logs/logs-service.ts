import {
  logStreamLine,
  type LambdaEventListener,
  type LambdaEvents,
} from '../lambda/lambda-events';
import type { LocalService } from '../service';
import type { BatchedOutput } from './batched-output';
import type { LogPrinter } from './log-printer';

/**
 * The functions' output: the printer subscribed to the pools' events, or, with `onLine`,
 * every line as the function's log stream has it (tests read them), or, with `onEvent`,
 * the events themselves.
 */
export function logsService(options: {
  readonly events: LambdaEvents;
  readonly printer: LogPrinter;
  readonly onLine?: (functionName: string, line: string) => void;
  readonly onEvent?: LambdaEventListener;
  /** Where the printer writes, flushed on close so no line is left behind. */
  readonly output?: BatchedOutput;
}): LocalService<void> {
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'logs',
    start() {
      const { onLine, onEvent, printer } = options;
      unsubscribe = options.events.subscribe(
        onEvent ??
          (onLine
            ? (event) => {
                const line = logStreamLine(event);
                if (line !== undefined) onLine(event.functionName, line);
              }
            : (event) => printer.event(event)),
      );
      return Promise.resolve();
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
      options.output?.flush();
      return Promise.resolve();
    },
  };
}
