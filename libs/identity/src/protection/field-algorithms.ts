import { createCipheriv, createDecipheriv, type CipherGCMTypes, type KeyObject } from 'node:crypto';
import { librarySm4Gcm, SM4_GCM_BACKEND } from './sm4-gcm.js';

/** The AEAD algorithms a field may be encrypted with. Both are GCM with a 96-bit IV and a 128-bit tag. */
export const FIELD_ALGORITHMS = ['aes-256-gcm', 'sm4-gcm'] as const;
export type FieldAlgorithm = (typeof FIELD_ALGORITHMS)[number];

/** Key length in bytes: AES-256 takes 32, SM4 (GB/T 32907) 16. */
export const FIELD_KEY_BYTES: Readonly<Record<FieldAlgorithm, number>> = { 'aes-256-gcm': 32, 'sm4-gcm': 16 };

/** 96-bit IVs, the size GCM is defined for without hashing the IV (NIST SP 800-38D 8.2.2: random IVs). */
export const FIELD_IV_BYTES = 12;
/** Full-length 128-bit tags only; shorter tags are refused on decryption. */
export const FIELD_TAG_BYTES = 16;

export function isFieldAlgorithm(value: string): value is FieldAlgorithm {
  return (FIELD_ALGORITHMS as readonly string[]).includes(value);
}

/** One key's AEAD: `open` resolves to the plaintext, or to undefined when authentication fails. */
export interface BoundAead {
  seal(iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array };
  open(iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
}

/** The AEAD of `alg` under `key`: AES-256-GCM from node:crypto; SM4-GCM as SM4_GCM_BACKEND says. */
export function bindAead(alg: FieldAlgorithm, key: KeyObject): BoundAead {
  switch (alg) {
    case 'aes-256-gcm':
      return nodeGcm('aes-256-gcm', key);
    case 'sm4-gcm':
      // node:crypto types list only the AES GCM names; OpenSSL builds that have SM4-GCM take 'sm4-gcm' the same way.
      return SM4_GCM_BACKEND === 'node:crypto' ? nodeGcm('sm4-gcm' as CipherGCMTypes, key) : librarySm4Gcm(key);
  }
}

function nodeGcm(cipherName: CipherGCMTypes, key: KeyObject): BoundAead {
  return {
    seal(iv, plaintext, aad) {
      const cipher = createCipheriv(cipherName, key, iv, { authTagLength: FIELD_TAG_BYTES });
      cipher.setAAD(aad);
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return { ciphertext, tag: cipher.getAuthTag() };
    },
    open(iv, ciphertext, tag, aad) {
      if (tag.length !== FIELD_TAG_BYTES) return undefined;
      // authTagLength pins the tag size, so OpenSSL cannot be handed a truncated tag.
      const decipher = createDecipheriv(cipherName, key, iv, { authTagLength: FIELD_TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      const head = decipher.update(ciphertext);
      try {
        return Buffer.concat([head, decipher.final()]);
      } catch {
        return undefined;
      }
    },
  };
}
