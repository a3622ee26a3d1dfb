import { localRegion } from '../local-credentials';

const userPoolId = `${localRegion}_localPool`;

/**
 * The local stand-in for the Cognito user pool and its app client: the same
 * shape of issuer (`https://cognito-idp.<region>.../<pool id>`) and audience
 * (the client id), on a `.localhost` name so no token can pass for a real one.
 */
export const localUserPool = {
  userPoolId,
  clientId: 'localpostsapiclient',
  issuer: `https://cognito-idp.${localRegion}.localhost/${userPoolId}`,
  /** Where the local gateway serves the issuer's public keys (Cognito: `<issuer>/.well-known/jwks.json`). */
  jwksPath: '/_local/jwks.json',
} as const;
