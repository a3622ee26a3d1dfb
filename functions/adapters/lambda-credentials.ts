import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The credentials of every SDK client and signer in a function: the role's,
 * which Lambda puts in the environment (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), as the local cloud does with
 * its own. Read when first needed, not at import. Only this provider, not the
 * SDK's default chain: that chain would search profiles, SSO and the instance
 * metadata service, and bundles the SSO and STS clients to do it (which
 * lib/bundling.ts leaves out).
 */
export const lambdaCredentials: AwsCredentialIdentityProvider = fromEnv();
