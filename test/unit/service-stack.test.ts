import { describe, expect, it } from 'vitest';
import type { LocalService } from '../../local/service';
import { ServiceStack } from '../../local/service-stack';

/** A service that records its start and close in `log`; `fails` makes that step throw. */
function recorded(
  name: string,
  log: string[],
  fails: { start?: boolean; close?: boolean } = {},
): LocalService<string> {
  return {
    name,
    start() {
      log.push(`start ${name}`);
      return fails.start ? Promise.reject(new Error('port taken')) : Promise.resolve(name);
    },
    close() {
      log.push(`close ${name}`);
      return fails.close ? Promise.reject(new Error('stuck')) : Promise.resolve();
    },
  };
}

describe('the service stack', () => {
  it('starts services in order, gives what each started, and closes them in reverse', async () => {
    const log: string[] = [];
    const stack = new ServiceStack();
    expect(await stack.start(recorded('dynamodb', log))).toBe('dynamodb');
    await stack.start(recorded('sqs', log));
    await stack.start(recorded('gateway', log));
    await stack.close();
    expect(log).toEqual([
      'start dynamodb',
      'start sqs',
      'start gateway',
      'close gateway',
      'close sqs',
      'close dynamodb',
    ]);
  });

  it('closes what started before a step that fails, in reverse, and names the step', async () => {
    const log: string[] = [];
    const stack = new ServiceStack();
    await stack.start(recorded('dynamodb', log));
    await stack.start(recorded('sqs', log));
    await expect(stack.start(recorded('s3', log, { start: true }))).rejects.toThrow(
      's3 did not start: port taken',
    );
    expect(log).toEqual([
      'start dynamodb',
      'start sqs',
      'start s3',
      'close s3',
      'close sqs',
      'close dynamodb',
    ]);
  });

  it('closes every service when one fails to close, and names those that failed', async () => {
    const log: string[] = [];
    const stack = new ServiceStack();
    await stack.start(recorded('dynamodb', log));
    await stack.start(recorded('sqs', log, { close: true }));
    await stack.start(recorded('gateway', log));
    await expect(stack.close()).rejects.toThrow('sqs did not close: stuck');
    expect(log.slice(3)).toEqual(['close gateway', 'close sqs', 'close dynamodb']);
  });
});
