import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalSecretBox, secretBoxFromEnvironment } from '../../functions/adapters/secret-boxes';
import { functions } from '../../lib/description';

/** The local stand-in for KMS: sealed at rest, bound to its item, only with the key. */
describe('webhook secret boxes', () => {
  const key = randomBytes(32);
  const box = new LocalSecretBox(key);

  it('seals a secret so that the stored value does not contain it, and opens it again', async () => {
    const sealed = await box.seal('whsec_abc123', { webhook_id: 'w1' });
    expect(sealed).not.toContain('abc123');
    expect(await box.open(sealed, { webhook_id: 'w1' })).toBe('whsec_abc123');
  });

  it('does not open a sealed value moved to another webhook, or with another key', async () => {
    const sealed = await box.seal('whsec_abc123', { webhook_id: 'w1' });
    await expect(box.open(sealed, { webhook_id: 'w2' })).rejects.toThrow();
    await expect(
      new LocalSecretBox(randomBytes(32)).open(sealed, { webhook_id: 'w1' }),
    ).rejects.toThrow();
  });

  it('is given only to a function whose environment names the key', () => {
    const sdk = functions.createWebhook.sdk;
    expect(secretBoxFromEnvironment(sdk, {})).toBeUndefined();
    const local = `local:${key.toString('base64')}`;
    expect(secretBoxFromEnvironment(sdk, { WEBHOOK_SECRETS_KEY: local })).toBeInstanceOf(
      LocalSecretBox,
    );
  });
});
