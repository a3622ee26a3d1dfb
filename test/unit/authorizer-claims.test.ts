import { describe, expect, it } from 'vitest';
import { authorizerClaims } from '../../local/auth/authorizer-claims';

describe('claims as the REST API Cognito authorizer passes them', () => {
  it('are all strings: exp and iat as Java dates, other numbers and booleans as text', () => {
    const claims = authorizerClaims({
      sub: 'alice',
      aud: 'client',
      email_verified: true,
      auth_time: 1573029033,
      exp: 1573032633,
      iat: 1573029033,
      'cognito:username': 'alice',
    });
    expect(claims).toEqual({
      sub: 'alice',
      aud: 'client',
      email_verified: 'true',
      auth_time: '1573029033',
      exp: 'Wed Nov 06 09:30:33 UTC 2019',
      iat: 'Wed Nov 06 08:30:33 UTC 2019',
      'cognito:username': 'alice',
    });
    for (const value of Object.values(claims)) expect(typeof value).toBe('string');
  });

  it('pads single-digit days and times', () => {
    expect(authorizerClaims({ exp: Date.UTC(2026, 0, 5, 3, 4, 5) / 1000 }).exp).toBe(
      'Mon Jan 05 03:04:05 UTC 2026',
    );
  });
});
