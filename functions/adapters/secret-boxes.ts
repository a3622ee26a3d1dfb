import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { readEnvironment, type EnvironmentSource, type FunctionSpec } from '../../lib/description';
import type { SecretBox } from '../domain/secret-box';
import { lambdaCredentials } from './lambda-credentials';
import { sdkRequestHandler } from './sdk-request-handler';

const KMS_PREFIX = 'kms:v1:';
const LOCAL_PREFIX = 'local:v1:';

/**
 * The box the function's environment names, or undefined when it is given no
 * key (a function that may not read secrets).
 */
export function secretBoxFromEnvironment(
  sdk: FunctionSpec['sdk'],
  environment?: EnvironmentSource,
): SecretBox | undefined {
  // A KMS key ARN from the stack, or `local:<base64 key>` from the local cloud.
  const key = readEnvironment(undefined, environment).webhookSecretsKey();
  if (!key) return undefined;
  if (key.startsWith('local:')) return new LocalSecretBox(Buffer.from(key.slice(6), 'base64'));
  return new KmsSecretBox(
    new KMSClient({
      maxAttempts: sdk.maxAttempts,
      credentials: lambdaCredentials,
      requestHandler: sdkRequestHandler(sdk),
    }),
    key,
  );
}

/** KMS Encrypt/Decrypt under one key, the context as KMS's encryption context. */
export class KmsSecretBox implements SecretBox {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string> {
    const { CiphertextBlob } = await this.kms.send(
      new EncryptCommand({
        KeyId: this.keyId,
        Plaintext: Buffer.from(plaintext, 'utf8'),
        EncryptionContext: { ...context },
      }),
    );
    return `${KMS_PREFIX}${Buffer.from(CiphertextBlob ?? new Uint8Array()).toString('base64')}`;
  }

  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    if (!sealed.startsWith(KMS_PREFIX)) throw new Error('not sealed with KMS');
    const { Plaintext } = await this.kms.send(
      new DecryptCommand({
        KeyId: this.keyId,
        CiphertextBlob: Buffer.from(sealed.slice(KMS_PREFIX.length), 'base64'),
        EncryptionContext: { ...context },
      }),
    );
    return Buffer.from(Plaintext ?? new Uint8Array()).toString('utf8');
  }
}

/**
 * The local stand-in: AES-256-GCM with a key the local cloud keeps in its data
 * folder and hands only to the functions that declare `secrets`; the context
 * is the additional authenticated data, as KMS binds its encryption context.
 */
export class LocalSecretBox implements SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('a local secrets key is 32 bytes');
  }

  seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const sealed = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    return Promise.resolve(`${LOCAL_PREFIX}${sealed}`);
  }

  // async: a wrong key or context fails as a rejected promise, as KMS's Decrypt does.
  async open(sealed: string, context: Readonly<Record<string, string>>): Promise<string> {
    if (!sealed.startsWith(LOCAL_PREFIX)) throw new Error('not sealed locally');
    const raw = Buffer.from(sealed.slice(LOCAL_PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(aad(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

function aad(context: Readonly<Record<string, string>>): Buffer {
  return Buffer.from(
    JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))),
  );
}
