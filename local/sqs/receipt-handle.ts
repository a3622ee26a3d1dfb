import { randomBytes } from 'node:crypto';

// The handle carries the message id so a delete is a map lookup, and a nonce
// so that each receive yields a new handle and a stale one can be told apart.
const PREFIX = 'lsqs1';

export function newReceiptHandle(messageId: string): string {
  return Buffer.from(`${PREFIX}:${messageId}:${randomBytes(24).toString('hex')}`).toString(
    'base64',
  );
}

/** The message id inside a handle this server issued, or undefined for anything else. */
export function messageIdOf(handle: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+=*$/.test(handle)) return undefined;
  const [prefix, messageId, nonce, ...rest] = Buffer.from(handle, 'base64')
    .toString('utf8')
    .split(':');
  if (prefix !== PREFIX || !messageId || !nonce || rest.length > 0) return undefined;
  return messageId;
}
