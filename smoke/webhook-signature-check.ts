import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiver's check of `X-Posts-Signature` exactly as docs/webhooks.md tells a client
 * to write it (HMAC-SHA256 of `<t>.<raw body>` under the whole secret, a fresh `t`): written
 * from the document, not imported from the service, so the smoke checks the contract.
 */
export function signatureHolds(
  secret: string,
  header: string,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
