import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { formatSignature, KEY_ID_PATTERN, parsePrivateKey, type PrivateKeyInput } from '@hub/identity';
import { standardWebhookContent, standardWebhookPublicKey, standardWebhookV1, standardWebhookV1a } from './standard-webhooks.js';

/** The headers of a webhook delivery (lower case, as Node.js presents them). */
export const HUB_WEBHOOK_HEADERS = {
  /** `ed25519:<keyId>:<base64url signature>` over webhookSigningString(). */
  signature: 'hub-signature',
  /** Unix time in seconds when this attempt was signed. */
  timestamp: 'hub-timestamp',
  /** The delivery's id: one per (subscription, event), the same on every attempt and redrive. */
  deliveryId: 'hub-delivery-id',
  /** Equal to the delivery id; the receiver de-duplicates on it. */
  idempotencyKey: 'idempotency-key',
  /** The delivery's number in its subscription: 1, 2, 3 … with no gaps. */
  sequence: 'hub-sequence',
  subscriptionId: 'hub-subscription-id',
  eventId: 'hub-event-id',
  eventType: 'hub-event-type',
  /** 1 for the first attempt of a round. */
  attempt: 'hub-attempt',
} as const;

/** Prefixes every signed string, so a webhook signature can never pass for another statement signed with the same key. */
export const WEBHOOK_SIGNATURE_SCHEME = 'hub-webhook/1';

/** What a webhook signature covers. */
export interface WebhookSignedFacts {
  readonly deliveryId: string;
  readonly sequence: number;
  /** Unix seconds. */
  readonly timestamp: number;
  /** The request body exactly as sent (UTF-8 text or its bytes). */
  readonly body: string | Uint8Array;
}

/**
 * `hub-webhook/1.<deliveryId>.<sequence>.<timestamp>.<hex SHA-256 of the body>`: the bytes the hub
 * signs with Ed25519 (pure Ed25519, RFC 8032, over this ASCII text).
 */
export function webhookSigningString({ deliveryId, sequence, timestamp, body }: WebhookSignedFacts): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return `${WEBHOOK_SIGNATURE_SCHEME}.${deliveryId}.${sequence}.${timestamp}.${digest}`;
}

/** The hub's webhook signing key: Ed25519, with the key id agencies look its public key up by. */
export interface HubWebhookSigningKey {
  readonly keyId: string;
  /** A KeyObject or PKCS#8 PEM. */
  readonly privateKey: PrivateKeyInput;
}

/** Signs webhook requests with one key, parsed once. */
export class WebhookSigner {
  readonly keyId: string;
  private readonly key: KeyObject;

  constructor(signingKey: HubWebhookSigningKey) {
    if (!KEY_ID_PATTERN.test(signingKey.keyId)) {
      throw new RangeError(`Webhook signing key id "${signingKey.keyId}" must be 1–64 characters a-z, 0-9 or -.`);
    }
    this.keyId = signingKey.keyId;
    this.key = parsePrivateKey('ed25519', signingKey.privateKey);
  }

  /** The `Hub-Signature` value for these facts. */
  sign(facts: WebhookSignedFacts): string {
    const signature = sign(null, Buffer.from(webhookSigningString(facts), 'utf8'), this.key);
    return formatSignature({ alg: 'ed25519', keyId: this.keyId, signature });
  }

  /**
   * The Standard Webhooks `webhook-signature` value for these facts (the delivery id is the
   * `webhook-id`): `v1a` by this key, then a `v1` by each of the subscription's secrets.
   */
  signStandard(facts: WebhookSignedFacts, secrets: readonly string[] = []): string {
    const body = typeof facts.body === 'string' ? facts.body : Buffer.from(facts.body).toString('utf8');
    const content = standardWebhookContent(facts.deliveryId, facts.timestamp, body);
    return [standardWebhookV1a(content, this.key), ...secrets.map((secret) => standardWebhookV1(content, secret))].join(' ');
  }

  /** The public key in the Standard Webhooks form (`whpk_…`), for verifying `v1a`. */
  standardPublicKey(): string {
    return standardWebhookPublicKey(createPublicKey(this.key));
  }
}
