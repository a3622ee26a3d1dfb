import { afterEach, describe, expect, it, vi } from 'vitest';
import { functions } from '../../lib/description';
import { documentClient } from '../../functions/adapters/dynamodb-client';
import { MediaBucket } from '../../functions/adapters/media-bucket';
import { defaultProvider } from '../../functions/adapters/no-default-credential-chain';
import { s3Client } from '../../functions/adapters/s3-client';
import { sqsClient } from '../../functions/adapters/sqs-client';

const sdk = functions.getPost.sdk;
const role = {
  AWS_ACCESS_KEY_ID: 'ASIAROLEKEY',
  AWS_SECRET_ACCESS_KEY: 'role-secret',
  AWS_SESSION_TOKEN: 'role-session-token',
};

function stubRoleEnvironment(values: Partial<typeof role> = role): void {
  for (const name of Object.keys(role) as (keyof typeof role)[]) {
    vi.stubEnv(name, values[name]);
  }
  vi.stubEnv('AWS_REGION', 'eu-west-1');
  // No profile may stand in for the role: the default chain would read one.
  vi.stubEnv('AWS_PROFILE', 'someone-elses');
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("every function's AWS credentials", () => {
  it('are the role credentials Lambda puts in the environment, for DynamoDB, S3 and SQS alike', async () => {
    stubRoleEnvironment();
    const expected = {
      accessKeyId: role.AWS_ACCESS_KEY_ID,
      secretAccessKey: role.AWS_SECRET_ACCESS_KEY,
      sessionToken: role.AWS_SESSION_TOKEN,
    };
    for (const client of [documentClient(sdk), s3Client(sdk), sqsClient(sdk)]) {
      await expect(client.config.credentials()).resolves.toMatchObject(expected);
    }
  });

  it('sign the download URLs the media bucket hands out', async () => {
    stubRoleEnvironment();
    const url = new URL(
      await new MediaBucket(s3Client(sdk), 'media').presignDownload('cards/1.png', 60),
    );
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAROLEKEY\//);
    expect(url.searchParams.get('X-Amz-Security-Token')).toBe(role.AWS_SESSION_TOKEN);
  });

  it('are missing, not looked for elsewhere, when the environment has none', async () => {
    stubRoleEnvironment({});
    await expect(documentClient(sdk).config.credentials()).rejects.toThrow(
      /environment variable credentials/,
    );
  });
});

describe('the default credential chain left out of the bundles', () => {
  it('fails the first request of a client built without credentials, saying what to use', async () => {
    await expect(defaultProvider()()).rejects.toThrow(/lambdaCredentials/);
  });
});
