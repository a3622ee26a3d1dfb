/**
 * A bare cache client: iovalkey, one lazy connection, and the ElastiCache IAM
 * token signed with SigV4 as the functions sign it. Loaded with `import()` only
 * where `CACHE_URL` is set, as the functions load theirs.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import Redis from 'iovalkey';

const url = new URL(process.env.CACHE_URL ?? 'redis://127.0.0.1:6379');
const signer = new SignatureV4({
  service: 'elasticache',
  region: process.env.AWS_REGION ?? 'us-east-1',
  credentials: fromEnv(),
  sha256: Hash.bind(null, 'sha256'),
});

export const cache = new Redis({
  host: url.hostname,
  port: Number(url.port || 6379),
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
});

/** The IAM password a TLS connection to ElastiCache Serverless would AUTH with. */
export async function iamToken(): Promise<string> {
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      path: '/',
      query: { Action: 'connect', User: 'app', ResourceType: 'ServerlessCache' },
      headers: { host: url.hostname },
    },
    { expiresIn: 900 },
  );
  return `${url.hostname}/?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
}
