import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  newWebhookSecret,
  signatureHeader,
  verifySignature,
} from '../../functions/domain/webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"type":"post.created"}';

  it('is HMAC-SHA256 of "<timestamp>.<body>" in hex, with its timestamp', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader(secret, 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies what it signs, and nothing changed', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifySignature(secret, header, body, 1_700_000_010)).toBe(true);
    expect(verifySignature(secret, header, `${body} `, 1_700_000_010)).toBe(false);
    expect(verifySignature('whsec_other', header, body, 1_700_000_010)).toBe(false);
    expect(
      verifySignature(secret, header.replace('t=1700000000', 't=1700000001'), body, 1_700_000_010),
    ).toBe(false);
  });

  it('refuses an old timestamp (a replay) and garbage', () => {
    const header = signatureHeader(secret, 1_700_000_000, body);
    expect(verifySignature(secret, header, body, 1_700_000_000 + 301)).toBe(false);
    expect(verifySignature(secret, 'nonsense', body, 1_700_000_000)).toBe(false);
  });

  it('makes a new, long secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
