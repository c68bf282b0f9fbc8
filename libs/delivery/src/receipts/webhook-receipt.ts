import { UUID_FORMAT } from '@hub/contracts';
import { signEvent, type SignEventOptions } from '@hub/identity';

/**
 * An agency's signed statement that it received a delivery: returned in the webhook response body
 * as `{ "receipt": { … } }`, or sent later to the hub's acknowledgement API. `signature` is
 * `<alg>:<keyId>:<base64url>` by one of the agency's registered keys over the RFC 8785 (JCS)
 * canonical form of the receipt without `signature`, exactly as agencies sign events.
 */
export interface WebhookReceipt {
  readonly deliveryId: string;
  readonly eventId: string;
  /** The receiving agency's id; its key must belong to this agency. */
  readonly agency: string;
  /** When the agency took the event in: RFC 3339 with a time zone. */
  readonly receivedAt: string;
  readonly signature: string;
}

/** Why a receipt was not accepted. */
export interface ReceiptProblem {
  readonly code: string;
  readonly message: string;
}

export const RECEIPT_PROBLEMS = {
  missing: 'RECEIPT_MISSING',
  malformed: 'RECEIPT_MALFORMED',
  mismatch: 'RECEIPT_MISMATCH',
  unverifiable: 'RECEIPT_UNVERIFIABLE',
} as const;

const MEMBERS = ['deliveryId', 'eventId', 'agency', 'receivedAt', 'signature'] as const;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** Reads a receipt strictly: exactly its five string members, ids as UUIDs, receivedAt as an RFC 3339 time. */
export function readReceipt(value: unknown): WebhookReceipt | ReceiptProblem {
  const problem = (message: string): ReceiptProblem => ({ code: RECEIPT_PROBLEMS.malformed, message });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('the receipt is not a JSON object');
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !(MEMBERS as readonly string[]).includes(key));
  if (extra.length > 0) return problem(`the receipt has members it may not have: ${extra.slice(0, 5).join(', ')}`);
  for (const member of MEMBERS) {
    const memberValue = record[member];
    if (typeof memberValue !== 'string' || memberValue.length === 0 || memberValue.length > 4096) {
      return problem(`receipt.${member} must be a non-empty string`);
    }
  }
  const receipt = record as unknown as WebhookReceipt;
  if (!UUID_FORMAT.test(receipt.deliveryId)) return problem('receipt.deliveryId must be the delivery id (a UUID)');
  if (!UUID_FORMAT.test(receipt.eventId)) return problem('receipt.eventId must be the event id (a UUID)');
  if (!isRfc3339Time(receipt.receivedAt)) {
    return problem('receipt.receivedAt must be an RFC 3339 time with a time zone, e.g. 2026-03-01T09:30:00+08:00');
  }
  return { ...receipt };
}

/** The receipt in a webhook response body, or why there is none usable. */
export function receiptFromResponse(body: Buffer, truncated: boolean): WebhookReceipt | ReceiptProblem {
  if (truncated)
    return { code: RECEIPT_PROBLEMS.malformed, message: 'the response is larger than the hub reads, so its receipt was not read' };
  const text = body.toString('utf8').trim();
  if (text.length === 0) return { code: RECEIPT_PROBLEMS.missing, message: 'the response has no body, so no receipt' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { code: RECEIPT_PROBLEMS.missing, message: 'the response is not JSON, so no receipt' };
  }
  const receipt = typeof parsed === 'object' && parsed !== null ? (parsed as { receipt?: unknown }).receipt : undefined;
  if (receipt === undefined) return { code: RECEIPT_PROBLEMS.missing, message: 'the response has no receipt member' };
  return readReceipt(receipt);
}

/** Whether the receipt is about this delivery, this event and this agency. */
export function receiptMismatch(
  receipt: WebhookReceipt,
  expected: { readonly deliveryId: string; readonly eventId: string; readonly agencyId: string },
): ReceiptProblem | undefined {
  const wrong: string[] = [];
  if (receipt.deliveryId.toLowerCase() !== expected.deliveryId.toLowerCase()) wrong.push('deliveryId');
  if (receipt.eventId.toLowerCase() !== expected.eventId.toLowerCase()) wrong.push('eventId');
  if (receipt.agency !== expected.agencyId) wrong.push('agency');
  if (wrong.length === 0) return undefined;
  return {
    code: RECEIPT_PROBLEMS.mismatch,
    message: `the receipt's ${wrong.join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not match delivery ${expected.deliveryId}`,
  };
}

export function isReceiptProblem<T extends object>(value: T | ReceiptProblem): value is ReceiptProblem {
  return 'code' in value && 'message' in value;
}

/** Signs a receipt as an agency does (for agency adapters and tests). */
export function signWebhookReceipt(facts: Omit<WebhookReceipt, 'signature'>, key: SignEventOptions): WebhookReceipt {
  const { deliveryId, eventId, agency, receivedAt } = facts;
  return signEvent({ deliveryId, eventId, agency, receivedAt }, key);
}

/** A real instant in RFC 3339 form: no 30 February, no hour 24 (JavaScript's Date would roll those over; PostgreSQL refuses them). */
function isRfc3339Time(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(match[9] ?? 0), Number(match[10] ?? 0)];
  const date = new Date(Date.UTC(year, month - 1, day));
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return year >= 1 && realDay && hour < 24 && minute < 60 && second < 60 && offsetHours <= 14 && offsetMinutes < 60;
}
