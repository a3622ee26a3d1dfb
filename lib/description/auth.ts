/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */

/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */
export const auth = {
  /** Lifetime of the ID token the API accepts (Cognito allows 5 minutes to 1 day). */
  idTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
  /**
   * How long API Gateway keeps the user-pool authorizer's answer for a token (its
   * `AuthorizerResultTtlInSeconds`; 300 is CloudFormation's default, 0 turns it off). The
   * local gateway keeps an accepted token's claims as long, never past the token's expiry.
   */
  authorizerCacheSeconds: 300,
  /**
   * The Cognito group (the token's `cognito:groups`) whose members may read the detailed
   * health report, `GET /health/details`; locally `npm run -s token -- <user> operators`.
   */
  operatorGroup: 'operators',
} as const;
