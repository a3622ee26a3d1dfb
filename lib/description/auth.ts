/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */

/** Sign-in tokens, the same in the cloud (the app client) and locally (the local issuer). */
export const auth = {
  /** Lifetime of the ID token the API accepts (Cognito allows 5 minutes to 1 day). */
  idTokenValidityMinutes: 60,
  refreshTokenValidityDays: 30,
} as const;
