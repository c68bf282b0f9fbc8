import { createHmac, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * The Standard Webhooks headers (standardwebhooks.com), which the hub sends beside its own
 * Hub-Signature so that a subscriber can verify with any of the specification's libraries.
 */
export const STANDARD_WEBHOOK_HEADERS = {
  /** The delivery id: the same on every attempt, so a subscriber de-duplicates on it. */
  id: 'webhook-id',
  /** Unix time in seconds when this attempt was signed. */
  timestamp: 'webhook-timestamp',
  /** Space-separated `v1a,<base64 Ed25519>` by the hub's key and `v1,<base64 HMAC-SHA256>` by each secret of the subscription. */
  signature: 'webhook-signature',
} as const;

/** The prefix of a symmetric secret (`whsec_` + base64 of its bytes), as every Standard Webhooks library reads it. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** The prefix of the hub's Ed25519 public key in the specification's form (`whpk_` + base64 of the 32 raw bytes). */
export const WEBHOOK_PUBLIC_KEY_PREFIX = 'whpk_';

/** `whsec_` + base64 of 24 to 66 bytes (the specification asks for 24 at least). */
export const WEBHOOK_SECRET_PATTERN = /^whsec_(?:[A-Za-z0-9+/]{4}){8,21}(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})?$/;

/** A new random secret of 32 bytes, `whsec_…`. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** What a Standard Webhooks signature covers: `<webhook-id>.<webhook-timestamp>.<body>`. */
export function standardWebhookContent(id: string, timestamp: number, body: string): string {
  return `${id}.${timestamp}.${body}`;
}

/** The `v1a` signature: Ed25519 over the content, base64. */
export function standardWebhookV1a(content: string, key: KeyObject): string {
  return `v1a,${sign(null, Buffer.from(content, 'utf8'), key).toString('base64')}`;
}

/** The `v1` signature: HMAC-SHA256 over the content with the secret's bytes, base64. */
export function standardWebhookV1(content: string, secret: string): string {
  const key = Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(content, 'utf8').digest('base64')}`;
}

/** The hub's public key as the specification writes it: `whpk_` + base64 of the raw 32 bytes. */
export function standardWebhookPublicKey(publicKey: KeyObject): string {
  const raw = publicKey.export({ format: 'jwk' }).x ?? '';
  return `${WEBHOOK_PUBLIC_KEY_PREFIX}${Buffer.from(raw, 'base64url').toString('base64')}`;
}
