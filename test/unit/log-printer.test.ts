import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { LambdaEvents } from '../../local/lambda/lambda-events';
import { LogPrinter, type LogFormat } from '../../local/logs/log-printer';

/** A printer subscribed to a pool's events, as the local cloud wires it. */
function printer(format: LogFormat = 'pretty') {
  const out: string[] = [];
  const printer = new LogPrinter({ format, color: false, write: (text) => out.push(text) });
  const print = new LambdaEvents();
  print.subscribe((event) => printer.event(event));
  return { print, out };
}

const report = {
  requestId: 'r1',
  durationMs: 1000,
  billedDurationMs: 1000,
  memorySizeMb: 128,
  maxMemoryUsedMb: 20,
  initDurationMs: 55,
  status: 'timeout',
} as const;

/** An EMF document with one metric directive per dimension set, as one log line. */
function emfLine(
  directives: { dimensions: string[]; metrics: Record<string, string> }[],
  values: Record<string, unknown>,
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: 1,
      CloudWatchMetrics: directives.map(({ dimensions, metrics }) => ({
        Namespace: 'N',
        Dimensions: [dimensions],
        Metrics: Object.entries(metrics).map(([Name, Unit]) => ({ Name, Unit })),
      })),
    },
    ...values,
  });
}

/** A line exactly as Powertools Logger writes it inside a Lambda invocation. */
function powertoolsLine(): string {
  let written = '';
  const logger = new Logger({
    serviceName: 'posts-api',
    persistentKeys: { function: 'getPost' },
  });
  // Powertools writes through its own Console; capture that one line.
  (logger as unknown as { console: { info: (s: string) => void } }).console = {
    info: (s: string) => {
      written = s;
    },
  };
  logger.addContext({
    functionName: 'getPost',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:getPost',
    memoryLimitInMB: '512',
    awsRequestId: 'req-123',
    logGroupName: '/aws/lambda/getPost',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 1000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  });
  logger.info('request refused', { status: 404, detail: 'No post has the id x.' });
  return written;
}

describe('the log printer', () => {
  it('shows a Powertools JSON log as one line: function, level, message, its keys, request id', () => {
    const line = powertoolsLine();
    expect(JSON.parse(line)).toMatchObject({ level: 'INFO', function_request_id: 'req-123' });
    const { print, out } = printer();
    print.line('getPost', line);
    expect(out).toEqual([
      '[getPost] INFO  request refused status=404 detail="No post has the id x." {req-123}\n',
    ]);
  });

  it('prints every line untouched in json form, START, END and REPORT as Lambda writes them', () => {
    const line = powertoolsLine();
    const { print, out } = printer('json');
    print.line('getPost', line);
    print.invoke('getPost', 'req-123');
    print.end('getPost', 'req-123');
    print.report('getPost', { ...report, requestId: 'req-123' });
    print.throttle('getPost', 'req-124');
    expect(out).toEqual([
      `[getPost] ${line}\n`,
      '[getPost] START RequestId: req-123 Version: $LATEST\n',
      '[getPost] END RequestId: req-123\n',
      '[getPost] REPORT RequestId: req-123\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB\tInit Duration: 55.00 ms\tStatus: timeout\n',
    ]);
  });

  it('shortens runtime lines: console, errors, timeouts, reports, metrics; drops starts and ends', () => {
    const { print, out } = printer();
    print.invoke('f', 'r1');
    print.line('f', '2026-01-01T00:00:00.000Z\tr1\tWARN\tslow: 3 ms');
    print.line(
      'f',
      '2026-01-01T00:00:00.000Z\tr1\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom","stack":[]}',
    );
    print.line('f', '2026-01-01T00:00:00.000Z r1 Task timed out after 1.00 seconds');
    print.end('f', 'r1');
    print.report('f', report);
    print.line(
      'f',
      emfLine([{ dimensions: ['service'], metrics: { Lat: 'Milliseconds' } }], {
        service: 's',
        Lat: [1.234, 2],
      }),
    );
    print.line('f', 'anything else');
    print.throttle('f', 'r2');
    expect(out).toEqual([
      '[f] WARN  slow: 3 ms {r1}\n',
      '[f] ERROR Invoke Error TypeError: boom {r1}\n',
      '[f] ERROR Task timed out after 1.00 seconds {r1}\n',
      '[f] REPORT 1000.0 ms · 20/128 MB · cold start 55.0 ms · timeout {r1}\n',
      '[f] METRICS Lat=1.23,2ms {service=s}\n',
      '[f] anything else\n',
      '[f] invocation throttled: all its containers are busy\n',
    ]);
  });

  it('shows an EMF event with service-wide and per-function metrics as one line, each dimension set once', () => {
    const { print, out } = printer();
    print.line(
      'f',
      emfLine(
        [
          { dimensions: ['service'], metrics: { Hits: 'Count', Lat: 'Milliseconds' } },
          { dimensions: ['service', 'function_name'], metrics: { Stall: 'Milliseconds' } },
        ],
        { service: 's', function_name: 'f', Hits: 1, Lat: 0.5, Stall: 10 },
      ),
    );
    expect(out).toEqual([
      '[f] METRICS Hits=1 Lat=0.5ms {service=s} Stall=10ms {service=s, function_name=f}\n',
    ]);
  });
});
