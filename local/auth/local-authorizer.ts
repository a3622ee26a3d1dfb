import { createLocalJWKSet, jwtVerify } from 'jose';
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
 * key, unexpired, from its issuer, for its app client.
 */
export function localAuthorizer(issuer: LocalIssuer): Authorize {
  const keys = createLocalJWKSet(issuer.jwks);
  return async (authorization) => {
    const token = authorization
      ?.trim()
      .replace(/^Bearer\s+/i, '')
      .trim();
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ['RS256'],
        issuer: localUserPool.issuer,
        audience: localUserPool.clientId,
        requiredClaims: ['sub', 'exp', 'iat', 'token_use'],
      });
      // Without OAuth scopes on the method, API Gateway takes ID tokens only.
      if (payload.token_use !== 'id') return undefined;
      return authorizerClaims(payload);
    } catch {
      return undefined;
    }
  };
}
