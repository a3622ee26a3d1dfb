/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */

/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */
export const auth = {
  /** Lifetime of the ID token the API accepts (Cognito allows 5 minutes to 1 day). */
  idTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
  /**
   * The Cognito group (the token's `cognito:groups`) whose members may read the detailed
   * health report, `GET /health/details`; locally `npm run -s token -- <user> operators`.
   */
  operatorGroup: 'operators',
} as const;
