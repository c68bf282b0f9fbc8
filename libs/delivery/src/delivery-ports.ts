import type { EntityManager } from 'typeorm';
import type { WebhookReceipt } from './receipts/webhook-receipt.js';

/** Where the engine reports; Nest's Logger fits. */
export interface DeliveryLogger {
  log(message: unknown): void;
  warn(message: unknown): void;
  error(message: unknown): void;
}

export const SILENT_LOGGER: DeliveryLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The auditable transitions of a delivery. */
export const DELIVERY_AUDIT_ACTIONS = {
  delivered: 'delivery.delivered',
  deadLettered: 'delivery.dead-lettered',
  redriven: 'delivery.redriven',
  discarded: 'delivery.discarded',
  acknowledged: 'delivery.acknowledged',
} as const;

export type DeliveryAuditAction = (typeof DELIVERY_AUDIT_ACTIONS)[keyof typeof DELIVERY_AUDIT_ACTIONS];

/** The facts of one transition: ids and codes only, never the payload or personal identifiers. */
export interface DeliveryAuditDetail {
  readonly deliveryId: string;
  readonly subscriptionId: string;
  readonly agency: string;
  readonly eventType: string;
  readonly sequence: number;
  /** Attempts made in the current round (a redrive starts a new round). */
  readonly attempts: number;
  readonly statusCode: number | null;
  /** Dead-letter reason, discard reason, or the reason a redriven delivery had died. */
  readonly reason: string | null;
  /** The agency key that signed the receipt, for `delivery.acknowledged`. */
  readonly receiptKeyId: string | null;
  readonly [key: string]: string | number | boolean | null;
}

/** One audit record: who (`system:webhook-delivery`, `admin:<id>`), what, about which event. */
export interface DeliveryAuditEntry {
  readonly actor: string;
  readonly action: DeliveryAuditAction;
  readonly eventId: string;
  readonly detail: DeliveryAuditDetail;
}

/**
 * The hub's audit trail. `record` is called inside the transaction that makes the transition, so
 * an implementation on the same database (appendAudit of @hub/audit) commits with it or not at
 * all; a failure aborts the transition, which is then tried again (worker) or reported (callers).
 */
export interface DeliveryAuditPort {
  record(entries: readonly DeliveryAuditEntry[], transaction: EntityManager): Promise<void>;
}

export const NO_AUDIT: DeliveryAuditPort = { record: () => Promise.resolve() };

/** What a receipt must be about: the delivery the engine holds. */
export interface ExpectedReceipt {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly agencyId: string;
}

/** A receipt signature's verdict. */
export type ReceiptVerdict =
  | { readonly valid: true; readonly keyId: string; readonly alg: string }
  | { readonly valid: false; readonly code: string; readonly message: string };

/**
 * Checks the agency's signature on a receipt whose ids already match the delivery; the hub plugs
 * its agency key registry in (see `receiptVerifier`). May reject when the registry is unreachable:
 * a 2xx delivery then stays delivered but unacknowledged.
 */
export type ReceiptVerifier = (receipt: WebhookReceipt, expected: ExpectedReceipt) => Promise<ReceiptVerdict>;
