import { randomUUID } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { service } from '../../lib/description';
import { subDir } from '../data-dir';
import { localUserPool } from './local-user-pool';

const ALG = 'RS256';
const KEY_FILE = 'issuer-key.json';

/** A user name the API can also list posts by (the author id's alphabet and length). */
const userName = new RegExp(`^[A-Za-z0-9_-]{1,${service.limits.authorIdMaxChars}}$`);

export interface TokenOptions {
  /** When the token is issued; tests move it into the past to get an expired one. */
  readonly issuedAt?: Date;
  /** The app client it is for; tests name another to get a token for someone else. */
  readonly audience?: string;
  /** Cognito groups of the user (`cognito:groups`), e.g. the operators. */
  readonly groups?: readonly string[];
}

/**
 * The local cloud's Cognito: signs ID tokens with an RSA key kept in the data
 * folder (`<data>/auth/issuer-key.json`, git-ignored, made on first use), so
 * `npm run token` and a running `npm run dev` sign and verify with the same key.
 */
export class LocalIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
  ) {}

  /** The issuer whose key lives under `base` (a data folder), creating the key if there is none. */
  static async inDataDir(base: string): Promise<LocalIssuer> {
    const dir = await subDir(base, 'auth');
    const jwk = await loadOrCreateKey(join(dir, KEY_FILE));
    const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
    const { kty, n, e, kid } = jwk;
    return new LocalIssuer(privateKey, { kty, n, e, kid, alg: ALG, use: 'sig' });
  }

  /** The public half, as Cognito publishes it at `.well-known/jwks.json`. */
  get jwks(): JSONWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** An ID token for `user` (its `sub` and `cognito:username`), shaped like Cognito's. */
  async token(user: string, options: TokenOptions = {}): Promise<string> {
    if (!userName.test(user)) {
      throw new Error(
        `"${user}" is not a usable user name: 1..${service.limits.authorIdMaxChars} letters, digits, "_" or "-".`,
      );
    }
    const issuedAt = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
    return new SignJWT({
      email_verified: true,
      'cognito:username': user,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'id',
      auth_time: issuedAt,
      email: `${user}@example.com`,
      ...(options.groups?.length ? { 'cognito:groups': [...options.groups] } : {}),
    })
      .setProtectedHeader({ alg: ALG, kid: this.publicJwk.kid })
      .setSubject(user)
      .setIssuer(localUserPool.issuer)
      .setAudience(options.audience ?? localUserPool.clientId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + service.auth.idTokenValidityMinutes * 60)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}

async function loadOrCreateKey(path: string): Promise<JWK> {
  const existing = await readKey(path);
  if (existing) return existing;
  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = ALG;
  // Written aside and linked into place: a second process starting at the same moment
  // either wins the link or reads the winner's key, never a half-written file.
  const draft = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(draft, JSON.stringify(jwk), { mode: 0o600 });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const stored = await readKey(path);
  if (!stored) throw new Error(`The local issuer's key at ${path} could not be read back.`);
  return stored;
}

async function readKey(path: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const jwk = JSON.parse(text) as JWK;
  if (jwk.kty !== 'RSA' || !jwk.d || !jwk.kid) {
    throw new Error(`${path} is not the local issuer's RSA key; delete it to make a new one.`);
  }
  return jwk;
}
