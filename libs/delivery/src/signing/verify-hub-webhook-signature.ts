import { verify, type KeyObject } from 'node:crypto';
import { HubError, type ErrorContext } from '@hub/contracts';
import { parsePublicKey, parseSignature, type PublicKeyInput } from '@hub/identity';
import { HUB_WEBHOOK_HEADERS, webhookSigningString } from './webhook-signature.js';

/** Why a webhook request is refused. None is retriable: the request is not the hub's, or not as sent. */
export const WEBHOOK_SIGNATURE_ERROR_CODES = {
  /** A Hub-* header or Idempotency-Key is absent. */
  headerMissing: 'WEBHOOK_HEADER_MISSING',
  /** A header is malformed, or Idempotency-Key differs from Hub-Delivery-Id. */
  headerMalformed: 'WEBHOOK_HEADER_MALFORMED',
  /** The signature names a key id the receiver does not hold. */
  keyUnknown: 'WEBHOOK_KEY_UNKNOWN',
  /** Hub-Timestamp is further from now than the tolerance (a replay, or a clock out of step). */
  timestampOutOfRange: 'WEBHOOK_TIMESTAMP_OUT_OF_RANGE',
  /** The signature does not verify: the body or a signed header was changed, or another key signed it. */
  signatureInvalid: 'WEBHOOK_SIGNATURE_INVALID',
} as const;

export type WebhookSignatureErrorCode = (typeof WEBHOOK_SIGNATURE_ERROR_CODES)[keyof typeof WEBHOOK_SIGNATURE_ERROR_CODES];

export class WebhookSignatureError extends HubError {
  constructor(
    override readonly code: WebhookSignatureErrorCode,
    message: string,
    context?: ErrorContext,
    cause?: unknown,
  ) {
    super(code, message, { retriable: false, context, cause });
  }
}

/** Request headers as Node.js (`req.headers`) or fetch (`Headers`) present them. */
export type HubWebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>> | { get(name: string): string | null };

/** The hub's webhook public keys by key id (SPKI PEM, raw base64url or KeyObject), or a lookup. */
export type HubWebhookKeys = Readonly<Record<string, PublicKeyInput>> | ((keyId: string) => PublicKeyInput | undefined);

export interface VerifyHubWebhookOptions {
  readonly headers: HubWebhookHeaders;
  /** The raw body as received, before any JSON parsing. */
  readonly body: string | Uint8Array;
  readonly publicKeys: HubWebhookKeys;
  /** Largest accepted distance between Hub-Timestamp and now, in seconds (default 300). */
  readonly toleranceSeconds?: number;
  readonly now?: Date;
}

/** A verified request: process it once per `idempotencyKey`. */
export interface VerifiedHubWebhook {
  readonly deliveryId: string;
  readonly idempotencyKey: string;
  readonly sequence: number;
  readonly timestamp: number;
  readonly keyId: string;
}

/**
 * Verifies that a webhook request comes from the hub and is unchanged: the Ed25519 signature in
 * Hub-Signature over `hub-webhook/1.<Hub-Delivery-Id>.<Hub-Sequence>.<Hub-Timestamp>.<sha256(body)>`,
 * a timestamp within the tolerance, and Idempotency-Key equal to Hub-Delivery-Id. Throws a
 * WebhookSignatureError whose code says what is wrong.
 */
export function verifyHubWebhookSignature(options: VerifyHubWebhookOptions): VerifiedHubWebhook {
  const read = headerReader(options.headers);
  const deliveryId = required(read, HUB_WEBHOOK_HEADERS.deliveryId);
  const idempotencyKey = required(read, HUB_WEBHOOK_HEADERS.idempotencyKey);
  const sequenceText = required(read, HUB_WEBHOOK_HEADERS.sequence);
  const timestampText = required(read, HUB_WEBHOOK_HEADERS.timestamp);
  const signatureText = required(read, HUB_WEBHOOK_HEADERS.signature);

  if (idempotencyKey !== deliveryId) malformed(`Idempotency-Key must equal Hub-Delivery-Id (${deliveryId})`, deliveryId);
  if (!/^[1-9]\d{0,15}$/.test(sequenceText)) malformed('Hub-Sequence must be a positive whole number', deliveryId);
  if (!/^\d{1,12}$/.test(timestampText)) malformed('Hub-Timestamp must be Unix time in whole seconds', deliveryId);
  const sequence = Number(sequenceText);
  const timestamp = Number(timestampText);

  const tolerance = options.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new WebhookSignatureError(
      WEBHOOK_SIGNATURE_ERROR_CODES.timestampOutOfRange,
      `Hub-Timestamp ${timestamp} is ${nowSeconds - timestamp} s from now, beyond the ${tolerance} s tolerance: refuse it as a possible replay, and check this server's clock (NTP) if it happens to every request.`,
      { deliveryId, timestamp },
    );
  }

  const parsed = parseSignature(signatureText);
  if ('problem' in parsed) malformed(`Hub-Signature is not ed25519:<keyId>:<base64url>: ${parsed.problem}`, deliveryId);
  if (parsed.alg !== 'ed25519') malformed(`Hub-Signature must be ed25519, not ${parsed.alg}`, deliveryId);
  const publicKey = findKey(options.publicKeys, parsed.keyId, deliveryId);

  const signed = Buffer.from(webhookSigningString({ deliveryId, sequence, timestamp, body: options.body }), 'utf8');
  if (!verify(null, signed, publicKey, parsed.signature)) {
    throw new WebhookSignatureError(
      WEBHOOK_SIGNATURE_ERROR_CODES.signatureInvalid,
      `The signature of delivery ${deliveryId} does not verify with hub key "${parsed.keyId}": verify the raw body bytes as received (before JSON parsing) and the headers as sent; otherwise the request was altered or is not from the hub.`,
      { deliveryId, keyId: parsed.keyId },
    );
  }
  return { deliveryId, idempotencyKey, sequence, timestamp, keyId: parsed.keyId };
}

type HeaderReader = (name: string) => string | undefined;

function headerReader(headers: HubWebhookHeaders): HeaderReader {
  if (typeof headers.get === 'function') {
    const getter = headers as { get(name: string): string | null };
    return (name) => getter.get(name) ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const byLowerName = new Map(Object.entries(record).map(([name, value]) => [name.toLowerCase(), value]));
  return (name) => {
    const value = byLowerName.get(name);
    return typeof value === 'string' ? value : value?.[0];
  };
}

function required(read: HeaderReader, name: string): string {
  const value = read(name)?.trim();
  if (!value) {
    throw new WebhookSignatureError(
      WEBHOOK_SIGNATURE_ERROR_CODES.headerMissing,
      `The request has no ${name} header; every hub webhook carries Hub-Signature, Hub-Timestamp, Hub-Delivery-Id, Hub-Sequence and Idempotency-Key. Refuse it.`,
      { header: name },
    );
  }
  return value;
}

function malformed(what: string, deliveryId: string): never {
  throw new WebhookSignatureError(WEBHOOK_SIGNATURE_ERROR_CODES.headerMalformed, `${what}; refuse the request.`, { deliveryId });
}

function findKey(keys: HubWebhookKeys, keyId: string, deliveryId: string): KeyObject {
  const input = typeof keys === 'function' ? keys(keyId) : Object.hasOwn(keys, keyId) ? keys[keyId] : undefined;
  if (input === undefined) {
    throw new WebhookSignatureError(
      WEBHOOK_SIGNATURE_ERROR_CODES.keyUnknown,
      `Delivery ${deliveryId} is signed with hub key "${keyId}", which this receiver does not hold. Fetch the hub's current webhook public keys (the hub rotates them) and try again.`,
      { deliveryId, keyId },
    );
  }
  return parsePublicKey('ed25519', input);
}
