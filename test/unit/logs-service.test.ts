import { describe, expect, it } from 'vitest';
import { LambdaEvents, type LambdaEvent } from '../../local/lambda/lambda-events';
import { LogPrinter } from '../../local/logs/log-printer';
import { logsService } from '../../local/logs/logs-service';

const report = {
  requestId: 'r1',
  durationMs: 1.5,
  billedDurationMs: 2,
  memorySizeMb: 128,
  maxMemoryUsedMb: 20,
} as const;

/** The logs service over one pool's events, each reader recording what it was given. */
async function started(readers: { onLine?: boolean; onEvent?: boolean }) {
  const printed: string[] = [];
  const lines: string[] = [];
  const events: LambdaEvent[] = [];
  const bus = new LambdaEvents();
  const service = logsService({
    events: bus,
    printer: new LogPrinter({ format: 'json', color: false, write: (text) => printed.push(text) }),
    ...(readers.onLine
      ? { onLine: (name: string, line: string) => lines.push(`${name} ${line}`) }
      : {}),
    ...(readers.onEvent ? { onEvent: (event: LambdaEvent) => events.push(event) } : {}),
  });
  await service.start();
  bus.invoke('getPost', 'r1');
  bus.line('getPost', 'hello');
  bus.end('getPost', 'r1');
  bus.report('getPost', report);
  await service.close();
  return { printed, lines, events };
}

describe('logsService', () => {
  it('hands the pools their events as they are to onEvent, and neither prints nor formats lines', async () => {
    const { printed, lines, events } = await started({ onLine: true, onEvent: true });
    expect(events.map((event) => event.type)).toEqual(['invoke', 'log', 'end', 'report']);
    expect(events[3]).toEqual({ type: 'report', functionName: 'getPost', report });
    expect(lines).toEqual([]);
    expect(printed).toEqual([]);
  });

  it('without onEvent, gives onLine every line of the log stream, REPORT included', async () => {
    const { lines } = await started({ onLine: true });
    expect(lines).toEqual([
      'getPost START RequestId: r1 Version: $LATEST',
      'getPost hello',
      'getPost END RequestId: r1',
      expect.stringMatching(/^getPost REPORT RequestId: r1\tDuration: 1\.50 ms/),
    ]);
  });
});
