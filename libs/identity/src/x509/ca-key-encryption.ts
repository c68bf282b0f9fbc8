import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The hub CA's private key at rest: AES-256-GCM under CA_KEY_ENCRYPTION_KEY (32 random bytes,
 * base64, kept out of the database), with the CA certificate's fingerprint as additional
 * authenticated data, so the stored key cannot be swapped for another CA's. Stored as
 * `v1:aes-256-gcm:<iv>:<ciphertext and tag>` (base64url).
 */
const FORMAT = /^v1:aes-256-gcm:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{40,})$/;
const TAG_BYTES = 16;

export class CaKeyDecryptionError extends Error {}

export function readCaKeyEncryptionKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('CA_KEY_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`).');
  return key;
}

export function encryptCaKey(pkcs8: Buffer, key: Buffer, caFingerprint: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(caFingerprint));
  const sealed = Buffer.concat([cipher.update(pkcs8), cipher.final(), cipher.getAuthTag()]);
  return `v1:aes-256-gcm:${iv.toString('base64url')}:${sealed.toString('base64url')}`;
}

export function decryptCaKey(stored: string, key: Buffer, caFingerprint: string): Buffer {
  const match = FORMAT.exec(stored);
  if (!match?.[1] || !match[2]) throw new CaKeyDecryptionError('The stored CA key is not in the v1:aes-256-gcm format.');
  const iv = Buffer.from(match[1], 'base64url');
  const sealed = Buffer.from(match[2], 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(aad(caFingerprint));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CaKeyDecryptionError(
      'CA_KEY_ENCRYPTION_KEY does not decrypt the CA key stored in hub_certificate_authority: start the hub with the key it was created with.',
    );
  }
}

function aad(caFingerprint: string): Buffer {
  return Buffer.from(`hub-ca-key:v1:${caFingerprint}`, 'utf8');
}
