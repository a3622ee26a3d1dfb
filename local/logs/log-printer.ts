import type { EmfResult } from '../lambda/emf';
import { logStreamLine, type LambdaEvent } from '../lambda/lambda-events';
import type { ReportRecord } from '../lambda/report-line';

/** `pretty`: one readable line per log event; `json`: each line exactly as the function wrote it. */
export type LogFormat = 'pretty' | 'json';

export interface LogPrinterOptions {
  readonly format: LogFormat;
  readonly color: boolean;
  readonly write: (text: string) => void;
}

/** Keys every Powertools Logger line carries; the rest are the call's own and are shown. */
const powertoolsKeys = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
  'correlation_id',
  'function',
]);

const levelColors: Record<string, string> = {
  ERROR: '31',
  CRITICAL: '31',
  WARN: '33',
  INFO: '32',
  DEBUG: '90',
  TRACE: '90',
};

/** A Lambda runtime console line: `<ISO time>\t<request id>\t<LEVEL>\t<message>`. */
const consoleLine = /^\d{4}-\d\d-\d\dT[\d:.]+Z\t([\w-]*)\t([A-Z]+)\t([\s\S]*)$/;
const timeoutLine = /^\d{4}-\d\d-\d\dT[\d:.]+Z ([\w-]+) (Task timed out after .*)$/;

/**
 * Prints what the Lambda pools tell (`LambdaEvents`), prefixed with the function's name.
 * In `pretty` form a Powertools JSON log becomes `[fn] LEVEL message key=value
 * {request id}`, metrics `[fn] METRICS Name=value …`, a report a short summary, and
 * starts and ends are left out; `LOG_FORMAT=json` prints every line as the function's
 * log stream has it (START, END and REPORT lines included).
 */
export class LogPrinter {
  constructor(private readonly options: LogPrinterOptions) {}

  /** One event of a pool. */
  event(event: LambdaEvent): void {
    if (this.options.format === 'json') {
      const line = logStreamLine(event);
      if (line !== undefined) this.print(event.functionName, line);
      return;
    }
    switch (event.type) {
      case 'invoke':
      case 'end':
        return;
      case 'report':
        return this.print(event.functionName, this.report(event.report));
      case 'metrics':
        return this.print(event.functionName, this.metrics(event.emf));
      case 'log':
        return this.line(event.functionName, event.line);
      case 'throttle':
        return this.notice(event.functionName, 'invocation throttled: all its containers are busy');
    }
  }

  /** A line from a function or from the local runtime about it (an event source). */
  line(source: string, line: string): void {
    this.print(source, this.options.format === 'json' ? line : this.pretty(line));
  }

  /** A message of the local runtime itself about a function (not a line it wrote). */
  notice(source: string, message: string): void {
    this.options.write(`${this.paint('36', `[${source}]`)} ${this.paint('35', message)}\n`);
  }

  private print(source: string, text: string): void {
    this.options.write(`${this.paint('36', `[${source}]`)} ${text}\n`);
  }

  private report(report: ReportRecord): string {
    const parts = [
      `${report.durationMs.toFixed(1)} ms`,
      `${report.maxMemoryUsedMb}/${report.memorySizeMb} MB`,
      ...(report.initDurationMs !== undefined
        ? [`cold start ${report.initDurationMs.toFixed(1)} ms`]
        : []),
      ...(report.status ? [[report.status, report.errorType].filter(Boolean).join(' ')] : []),
    ];
    return (
      this.paint(report.status ? '31' : '90', `REPORT ${parts.join(' · ')}`) +
      this.id(report.requestId)
    );
  }

  private metrics(emf: EmfResult): string {
    if (!emf.valid) return `${this.level('WARN')} EMF event CloudWatch would reject: ${emf.reason}`;
    // Each dimension set once, after its metrics: one event may hold the service-wide metrics
    // and the per-function ones (function_name) in two directives.
    const groups = new Map<string, string[]>();
    for (const m of emf.metrics) {
      const dims = Object.entries(m.dimensions)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      const value = `${m.name}=${m.values.map(round).join(',')}${unitSuffix(m.unit)}`;
      let group = groups.get(dims);
      if (!group) groups.set(dims, (group = []));
      if (!group.includes(value)) group.push(value);
    }
    const text = [...groups]
      .map(([dims, values]) => `${values.join(' ')}${dims ? ` {${dims}}` : ''}`)
      .join(' ');
    return this.paint('90', `METRICS ${text}`);
  }

  private pretty(line: string): string {
    const structured = this.powertools(line);
    if (structured) return structured;
    const timeout = timeoutLine.exec(line);
    if (timeout) return `${this.level('ERROR')} ${timeout[2]}${this.id(timeout[1])}`;
    const console = consoleLine.exec(line);
    if (console)
      return this.consoleMessage(console[1] ?? '', console[2] ?? 'INFO', console[3] ?? '');
    return line;
  }

  private powertools(line: string): string | undefined {
    if (!line.startsWith('{')) return undefined;
    let entry: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
      entry = parsed as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (typeof entry.level !== 'string' || !('message' in entry)) return undefined;
    const extras = Object.entries(entry)
      .filter(([key]) => !powertoolsKeys.has(key))
      .map(([key, value]) => `${key}=${describe(value)}`);
    const requestId =
      typeof entry.function_request_id === 'string' ? entry.function_request_id : undefined;
    return (
      `${this.level(entry.level)} ${String(entry.message)}` +
      (extras.length ? ` ${this.paint('90', extras.join(' '))}` : '') +
      this.id(requestId)
    );
  }

  private consoleMessage(requestId: string, level: string, message: string): string {
    // The runtime's "Invoke Error" line ends with the error as JSON: show its name and message.
    const invokeError = /^Invoke Error \t(\{.*\})$/.exec(message);
    if (invokeError?.[1]) {
      try {
        const error = JSON.parse(invokeError[1]) as { errorType?: string; errorMessage?: string };
        message = `Invoke Error ${error.errorType ?? 'Error'}: ${error.errorMessage ?? ''}`;
      } catch {
        // Shown as written.
      }
    }
    return `${this.level(level)} ${message}${this.id(requestId)}`;
  }

  private level(level: string): string {
    const name = level.toUpperCase();
    return this.paint(levelColors[name] ?? '0', name.padEnd(5));
  }

  private id(requestId: string | undefined): string {
    return requestId ? ` ${this.paint('90', `{${requestId}}`)}` : '';
  }

  private paint(code: string, text: string): string {
    return this.options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-]*$/.test(value) ? value : JSON.stringify(value);
  if (isError(value)) return JSON.stringify(`${value.name}: ${value.message}`);
  return JSON.stringify(value) ?? String(value);
}

/** Powertools Logger writes an Error as `{ name, location, message, stack }`. */
function isError(value: unknown): value is { name: string; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { message?: unknown }).message === 'string' &&
    'stack' in value
  );
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function unitSuffix(unit: string): string {
  return { Milliseconds: 'ms', Seconds: 's', Bytes: 'B', Percent: '%' }[unit] ?? '';
}
