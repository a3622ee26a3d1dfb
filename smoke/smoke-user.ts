import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';

/** Who the smoke signs in as: the bearer token, and the user id it stands for (its `sub`). */
export interface SmokeUser {
  readonly token: string;
  readonly userId: string;
  /** Where the token came from, for the run's first line. */
  readonly source: string;
  /**
   * The data folder whose key signed a minted token: a local cloud started with another
   * LOCAL_DATA_DIR trusts another key, and answers 401.
   */
  readonly keyFolder?: string;
}

/** Whether the base URL is this machine: the local cloud, whose key the smoke can sign with. */
export function isLoopback(baseUrl: string): boolean {
  const { hostname } = new URL(baseUrl);
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname);
}

/**
 * The given token (a Cognito ID token for a deployed stage, docs/auth.md), its user read
 * from its `sub`; or, against the local cloud, a token minted for a fresh user as
 * `npm run token` mints it (the key in LOCAL_DATA_DIR, default .local), so every run has
 * its own per-user limits and its own posts.
 */
export async function smokeUser(baseUrl: string, token: string | undefined): Promise<SmokeUser> {
  if (token) return { token, userId: subjectOf(token), source: 'the given token' };
  if (!isLoopback(baseUrl)) {
    throw new Error(
      'a deployed stage needs a Cognito ID token: --token <id token> or SMOKE_TOKEN (docs/auth.md)',
    );
  }
  const { LocalIssuer } = await import('../local/auth/local-issuer');
  const { dataDir } = await import('../local/data-dir');
  const keyFolder = await dataDir();
  const issuer = await LocalIssuer.inDataDir(keyFolder);
  const userId = `smoke-${randomBytes(4).toString('hex')}`;
  const shown = relative(process.cwd(), keyFolder);
  return {
    token: await issuer.token(userId),
    userId,
    source: `minted locally, key in ${shown.startsWith('..') ? keyFolder : shown}`,
    keyFolder,
  };
}

/** The token's subject, read without checking the signature (the API checks it). */
function subjectOf(token: string): string {
  const payload = token.replace(/^Bearer\s+/i, '').split('.')[1];
  try {
    const { sub } = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown;
    };
    if (typeof sub === 'string' && sub) return sub;
  } catch {
    // Falls through to the error below.
  }
  throw new Error('the token is not a JWT with a sub claim (an ID token is: docs/auth.md)');
}
