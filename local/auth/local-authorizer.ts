import { createLocalJWKSet, jwtVerify } from 'jose';
import { auth } from '../../lib/description';
import { cachedVerify, type Verify } from './authorizer-cache';
import { authorizerClaims } from './authorizer-claims';
import type { LocalIssuer } from './local-issuer';
import { localUserPool } from './local-user-pool';

/** Claims for a valid token; undefined for anything API Gateway would answer 401 to. */
export type Authorize = (
  authorization: string | undefined,
) => Promise<Readonly<Record<string, string>> | undefined>;

/**
 * The Cognito user-pool authorizer, locally: the `Authorization` header must
 * carry an ID token (`Bearer ` prefix optional) signed by the local issuer's
 * key, unexpired, from its issuer, for its app client. An accepted token's
 * answer is kept as API Gateway keeps it (authorizer-cache.ts).
 */
export function localAuthorizer(issuer: LocalIssuer): Authorize {
  const keys = createLocalJWKSet(issuer.jwks);
  const verify: Verify = async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer: localUserPool.issuer,
        audience: localUserPool.clientId,
        requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
      });
      // Without OAuth scopes on the method, API Gateway takes ID tokens only.
      if (payload.token_use !== 'id') return undefined;
      return { claims: authorizerClaims(payload), expiresAtMs: (payload.exp ?? 0) * 1000 };
    } catch {
      return undefined;
    }
  };
  const cached = cachedVerify(verify, auth.authorizerCacheSeconds);
  return async (authorization) => {
    const token = authorization
      ?.trim()
      .replace(/^Bearer\s+/i, '')
      .trim();
    if (!token) return undefined;
    return (await cached(token))?.claims;
  };
}
