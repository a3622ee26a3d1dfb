import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export interface IamTokenRequest {
  /** The serverless cache's name (lowercase), not its endpoint. */
  readonly cacheName: string;
  /** The ElastiCache user (IAM users have user id = user name). */
  readonly userId: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly signingDate?: Date;
}

/** ElastiCache accepts an IAM token for 15 minutes; a connection it opened lives on (up to 12 h). */
export const IAM_TOKEN_LIFETIME_SECONDS = 900;

/**
 * The password for `AUTH <userId> <token>` on an IAM-enabled ElastiCache
 * Serverless cache: a SigV4-presigned `GET http://<cache>/?Action=connect&
 * User=<user>&ResourceType=ServerlessCache` for the `elasticache` service,
 * without its scheme. Signed locally by the SDK's signer: no network call.
 */
export async function elastiCacheIamToken(request: IamTokenRequest): Promise<string> {
  const signer = new SignatureV4({
    service: 'elasticache',
    region: request.region,
    credentials: request.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const host = request.cacheName;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: host,
      path: '/',
      query: { Action: 'connect', User: request.userId, ResourceType: 'ServerlessCache' },
      headers: { host },
    },
    { expiresIn: IAM_TOKEN_LIFETIME_SECONDS, signingDate: request.signingDate },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([name, value]) => `${encodeRfc3986(name)}=${encodeRfc3986(String(value))}`)
    .join('&');
  return `${host}/?${query}`;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
