import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Bundled in place of `@aws-sdk/credential-provider-node` (the alias in
 * lib/bundling.ts): every SDK client's runtime config imports that default
 * chain statically, and with it the SSO and STS clients, though a client
 * given `credentials` never calls it. A client built without them gets this
 * provider, which fails its first request saying what to do instead of
 * searching profiles, SSO caches and the instance metadata service.
 */
export function defaultProvider(): AwsCredentialIdentityProvider {
  return () =>
    Promise.reject(
      new Error(
        'This bundle has no default AWS credential chain: build the client with ' +
          '`credentials: lambdaCredentials` (functions/adapters/lambda-credentials.ts).',
      ),
    );
}
