import { looksEncrypted } from '@hub/identity';

/**
 * Encrypts queued bodies at rest. A projected event may carry raw identifiers the subscriber is
 * entitled to (passport number, birth date), which the hub keeps only encrypted; bind the hub's
 * FieldCipher of @hub/identity here, which has exactly this shape.
 */
export interface PayloadCipher {
  encrypt(plaintext: string, context: string): string;
  decrypt(token: string, context: string): string;
}

/** The additional authenticated data of a body: it decrypts only as the body of this delivery. */
export function payloadContext(deliveryId: string): string {
  return JSON.stringify(['hub-webhook-payload', deliveryId]);
}

/** The body as stored: encrypted when a cipher is bound. */
export function sealPayload(cipher: PayloadCipher | undefined, payload: string, deliveryId: string): string {
  return cipher ? cipher.encrypt(payload, payloadContext(deliveryId)) : payload;
}

/**
 * The body to send. A stored body that is JSON text (enqueued without a cipher) is returned as it
 * is: JSON never starts with `enc:`. Throws when the body is encrypted and cannot be decrypted.
 */
export function openPayload(cipher: PayloadCipher | undefined, stored: string, deliveryId: string): string {
  if (!looksEncrypted(stored)) return stored;
  if (!cipher) throw new Error('the body is encrypted but no payload cipher is bound; bind the hub FieldCipher');
  return cipher.decrypt(stored, payloadContext(deliveryId));
}
