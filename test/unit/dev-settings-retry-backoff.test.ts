import { describe, expect, it } from 'vitest';
import { devSettings } from '../../bin/dev-settings';

/** LOCAL_RETRY_BACKOFF: `npm run chaos -- --short` shortens every queue's retry backoff with it. */
describe('npm run dev with LOCAL_RETRY_BACKOFF', () => {
  it("is the description's backoff when unset or empty", () => {
    expect(devSettings({}).retryBackoff).toBeUndefined();
    expect(devSettings({ LOCAL_RETRY_BACKOFF: '' }).retryBackoff).toBeUndefined();
  });

  it('reads "<base>,<max>" whole seconds', () => {
    expect(devSettings({ LOCAL_RETRY_BACKOFF: '1,4' }).retryBackoff).toEqual({
      baseSeconds: 1,
      maxSeconds: 4,
    });
  });

  it.each(['5,1', '1', '1,x', '-1,4', '1.5,4'])('refuses %s, naming the variable', (value) => {
    expect(() => devSettings({ LOCAL_RETRY_BACKOFF: value })).toThrow(
      `LOCAL_RETRY_BACKOFF=${value} is not "<base>,<max>" seconds (base <= max)`,
    );
  });
});
