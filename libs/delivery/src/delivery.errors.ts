import { HubError, type ErrorContext } from '@hub/contracts';

/** Stable codes of the delivery engine's failures (those thrown to callers; attempt outcomes are recorded, never thrown). */
export const DELIVERY_ERROR_CODES = {
  /** A delivery to enqueue is malformed: bad id, endpoint, payload or subject. */
  requestInvalid: 'DELIVERY_REQUEST_INVALID',
  /** Worker settings or a retry policy out of range. */
  settingsInvalid: 'DELIVERY_SETTINGS_INVALID',
  /** No delivery has the id. */
  notFound: 'DELIVERY_NOT_FOUND',
  /** The delivery is not a dead letter, so it cannot be redriven or discarded. */
  notDeadLetter: 'DELIVERY_NOT_DEAD_LETTER',
  /** The delivery was discarded; it takes no receipt. */
  discarded: 'DELIVERY_DISCARDED',
  /** A receipt is malformed, names another delivery, event or agency, or its signature is refused. */
  receiptRefused: 'RECEIPT_REFUSED',
  /** A discard without a reason, or a reason too long. */
  reasonInvalid: 'DISCARD_REASON_INVALID',
} as const;

export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[keyof typeof DELIVERY_ERROR_CODES];

/** A failure of a delivery-engine call. Never retriable: the input must change. */
export class DeliveryError extends HubError {
  constructor(
    override readonly code: DeliveryErrorCode,
    message: string,
    context?: ErrorContext,
    cause?: unknown,
  ) {
    super(code, message, { retriable: false, context, cause });
  }
}
