import { EventSignatureError, verifyEventSignature, type SigningKeyLookup } from '@hub/identity';
import type { ReceiptVerifier } from '../delivery-ports.js';

/**
 * A ReceiptVerifier over the hub's agency key registry: the receipt's signature must verify with
 * a registered, unrevoked key of the receipt's agency (Ed25519 or SM2), by the same rules as an
 * event's signature. A registry failure rejects, and the receipt stays unverified.
 */
export function receiptVerifier(lookupKey: SigningKeyLookup): ReceiptVerifier {
  return async (receipt) => {
    try {
      const verified = await verifyEventSignature({ ...receipt }, lookupKey);
      return { valid: true, keyId: verified.keyId, alg: verified.alg };
    } catch (error) {
      if (!(error instanceof EventSignatureError)) throw error;
      return { valid: false, code: error.code, message: error.message.replace(/\bthe event\b/g, 'the receipt') };
    }
  };
}
