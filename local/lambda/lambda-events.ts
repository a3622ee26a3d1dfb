import { parseEmf, type EmfResult } from './emf';
import { reportLine, type ReportRecord } from './report-line';

/**
 * What the Lambda pools tell of their functions, as structured events: the dashboard
 * counts them, the log printer shows them, and neither parses text the other wrote.
 */
export type LambdaEvent =
  /** An invocation starts in a container (Lambda's START line). */
  | { readonly type: 'invoke'; readonly functionName: string; readonly requestId: string }
  /** An invocation ended (Lambda's END line); its report follows. */
  | { readonly type: 'end'; readonly functionName: string; readonly requestId: string }
  /** What Lambda reports of an invocation (its REPORT line). */
  | { readonly type: 'report'; readonly functionName: string; readonly report: ReportRecord }
  /** A line a container wrote, or the runtime wrote for it, that is not EMF. */
  | { readonly type: 'log'; readonly functionName: string; readonly line: string }
  /** An EMF line: CloudWatch's reading of it (its metrics, or why it would refuse them). */
  | {
      readonly type: 'metrics';
      readonly functionName: string;
      readonly line: string;
      readonly emf: EmfResult;
    }
  /** An invocation refused for want of concurrency: Lambda logs nothing, it only counts it. */
  | { readonly type: 'throttle'; readonly functionName: string; readonly requestId: string };

export type LambdaEventListener = (event: LambdaEvent) => void;

/** The pools' events, to every subscriber in the order they subscribed. */
export class LambdaEvents {
  private readonly listeners = new Set<LambdaEventListener>();

  /** Returns the unsubscribe. */
  subscribe(listener: LambdaEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: LambdaEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  invoke(functionName: string, requestId: string): void {
    this.emit({ type: 'invoke', functionName, requestId });
  }

  end(functionName: string, requestId: string): void {
    this.emit({ type: 'end', functionName, requestId });
  }

  report(functionName: string, report: ReportRecord): void {
    this.emit({ type: 'report', functionName, report });
  }

  throttle(functionName: string, requestId: string): void {
    this.emit({ type: 'throttle', functionName, requestId });
  }

  /** A line of output: an EMF line is told as metrics (read once, here), any other as a log line. */
  line(functionName: string, line: string): void {
    const emf = parseEmf(line);
    this.emit(
      emf ? { type: 'metrics', functionName, line, emf } : { type: 'log', functionName, line },
    );
  }
}

/** The event as the function's log stream has it in CloudWatch; a throttle has no line. */
export function logStreamLine(event: LambdaEvent): string | undefined {
  switch (event.type) {
    case 'invoke':
      return `START RequestId: ${event.requestId} Version: $LATEST`;
    case 'end':
      return `END RequestId: ${event.requestId}`;
    case 'report':
      return reportLine(event.report);
    case 'log':
    case 'metrics':
      return event.line;
    case 'throttle':
      return undefined;
  }
}
