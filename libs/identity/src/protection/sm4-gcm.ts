import { getCiphers, type KeyObject } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';

/**
 * Where SM4-GCM comes from. Node 24 bundles OpenSSL 3.5 (Node 20 had 3.0), which, like 3.0, has SM4
 * in ECB, CBC, CFB, OFB and CTR but not GCM, so there it is sm-crypto-v2's SM4-GCM (SM4 block cipher of its own, GHASH from the
 * audited @noble/ciphers). A Node whose OpenSSL offers `sm4-gcm` uses node:crypto instead. Both are
 * standard GCM (NIST SP 800-38D over SM4, as in RFC 8998), so tokens are the same either way.
 */
export const SM4_GCM_BACKEND: 'node:crypto' | 'sm-crypto-v2' = getCiphers().includes('sm4-gcm') ? 'node:crypto' : 'sm-crypto-v2';

const SM4_TAG_BYTES = 16;
/** sm-crypto-v2's message for a tag that does not verify (the library's only failure on decryption). */
const TAG_MISMATCH = 'authentication tag mismatch';

/**
 * SM4-GCM from sm-crypto-v2 under a 16-byte key. The library skips the tag check when it is given
 * no tag, so `open` always passes one, and first refuses any tag that is not full length.
 */
export function librarySm4Gcm(key: KeyObject): {
  seal(iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array };
  open(iv: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad: Uint8Array): Uint8Array | undefined;
} {
  const raw = Uint8Array.from(key.export());
  if (raw.length !== 16) throw new Error(`An SM4 key is 16 bytes; this one has ${raw.length}.`);
  return {
    seal(iv, plaintext, aad) {
      const sealed = sm4.encrypt(plaintext, raw, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
      if (sealed.tag?.length !== SM4_TAG_BYTES) throw new Error('sm-crypto-v2 returned no 16-byte GCM tag.');
      return { ciphertext: sealed.output, tag: sealed.tag };
    },
    open(iv, ciphertext, tag, aad) {
      if (tag.length !== SM4_TAG_BYTES) return undefined;
      try {
        return sm4.decrypt(ciphertext, raw, { mode: 'gcm', iv, associatedData: aad, tag, output: 'array' });
      } catch (error) {
        if (error instanceof Error && error.message === TAG_MISMATCH) return undefined;
        throw error;
      }
    },
  };
}
