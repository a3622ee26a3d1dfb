/**
 * Seals a secret for storage and opens it again, bound to what it belongs to
 * (`context`, e.g. the webhook's id): a sealed value copied onto another item
 * does not open. In the cloud a KMS key only the functions that need it may
 * use; locally an AES-GCM key only those functions are given.
 */
export interface SecretBox {
  seal(plaintext: string, context: Readonly<Record<string, string>>): Promise<string>;
  open(sealed: string, context: Readonly<Record<string, string>>): Promise<string>;
}
