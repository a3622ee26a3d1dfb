/** The KMS client of the baselines that seal or open webhook secrets, with the same credentials. */
import { KMSClient } from '@aws-sdk/client-kms';
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const kms = new KMSClient({
  credentials: fromEnv(),
  endpoint: process.env.AWS_ENDPOINT_URL_KMS || undefined,
});
