import { UUID_FORMAT } from '@hub/contracts';
import type { DataSource } from 'typeorm';
import { auditColumns, auditEntry, DELIVERY_AUDIT_ACTIONS, type AuditColumns } from '../delivery-audit.js';
import type { DeliveryAuditEntry, DeliveryAuditPort, ReceiptVerifier } from '../delivery-ports.js';
import { select } from '../delivery-sql.js';
import { DeliveryError, DELIVERY_ERROR_CODES } from '../delivery.errors.js';
import type { DeliveryStatus } from '../dead-letters/delivery-record.js';
import { assessReceipt, type AcceptedReceipt } from './assess-receipt.js';
import { isReceiptProblem, readReceipt, type ReceiptProblem } from './webhook-receipt.js';

/** What acknowledge() did. */
export interface AcknowledgeResult {
  readonly deliveryId: string;
  /** `already-acknowledged`: a receipt was on record before; the first one is kept. */
  readonly outcome: 'acknowledged' | 'already-acknowledged';
  /** The delivery's status afterwards: always `delivered`, since a valid receipt proves receipt. */
  readonly status: DeliveryStatus;
  readonly keyId: string;
}

interface LockedRow {
  status: DeliveryStatus;
  event_id: string;
  agency_id: string;
}

/**
 * Records an agency's signed receipt for a delivery, from the acknowledgement API. The receipt must
 * name the delivery, its event and its agency and carry a valid signature of that agency. A
 * pending or dead-lettered delivery with a valid receipt has demonstrably arrived (its answer was
 * lost, say), so it becomes delivered. Idempotent. Throws RECEIPT_REFUSED (context.problem says
 * why), DELIVERY_NOT_FOUND or DELIVERY_DISCARDED.
 */
export async function acknowledgeDelivery(
  dataSource: DataSource,
  deliveryId: string,
  receiptValue: unknown,
  verify: ReceiptVerifier | undefined,
  audit: DeliveryAuditPort,
): Promise<AcknowledgeResult> {
  const delivery = await findDelivery(dataSource, deliveryId);
  const read = readReceipt(receiptValue);
  const expected = { deliveryId: delivery.id, eventId: delivery.event_id, agencyId: delivery.agency_id };
  const assessed = await assessReceipt(read, expected, verify);
  if (isReceiptProblem(assessed)) throw refused(deliveryId, assessed);
  const accepted: AcceptedReceipt = assessed;

  return dataSource.transaction(async (tx) => {
    const [locked] = await select<LockedRow>(
      tx,
      'SELECT status, event_id::text, agency_id FROM webhook_deliveries WHERE id = $1::uuid FOR UPDATE',
      [delivery.id],
    );
    if (!locked) throw notFound(deliveryId);
    if (locked.status === 'discarded') {
      throw new DeliveryError(
        DELIVERY_ERROR_CODES.discarded,
        `Delivery ${deliveryId} was discarded; it takes no receipt. Ask the hub's operators if the event should be sent again.`,
        { deliveryId },
      );
    }
    const inserted = await select<{ delivery_id: string }>(
      tx,
      `INSERT INTO webhook_receipts (delivery_id, event_id, agency_id, key_id, alg, received_at, via, receipt)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::timestamptz, 'acknowledgement', $7)
       ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id::text`,
      [
        delivery.id,
        locked.event_id,
        locked.agency_id,
        accepted.keyId,
        accepted.alg,
        accepted.receipt.receivedAt,
        JSON.stringify(accepted.receipt),
      ],
    );
    if (inserted.length === 0)
      return { deliveryId: delivery.id, outcome: 'already-acknowledged', status: locked.status, keyId: accepted.keyId };

    const [row] = await select<AuditColumns>(
      tx,
      `UPDATE webhook_deliveries d
          SET acknowledged_at = clock_timestamp(), receipt_problem = NULL, updated_at = clock_timestamp(),
              status = 'delivered', delivered_at = coalesce(d.delivered_at, clock_timestamp()),
              lease_until = NULL, claim_token = NULL, claimed_by = NULL, dead_at = NULL, dead_reason = NULL
        WHERE d.id = $1::uuid
       RETURNING ${auditColumns('d')}`,
      [delivery.id],
    );
    if (!row) throw notFound(deliveryId);
    const actor = `agency:${locked.agency_id}`;
    const entries: DeliveryAuditEntry[] = [];
    if (locked.status !== 'delivered') {
      entries.push(auditEntry(DELIVERY_AUDIT_ACTIONS.delivered, actor, row, { reason: `acknowledged while ${locked.status}` }));
    }
    entries.push(auditEntry(DELIVERY_AUDIT_ACTIONS.acknowledged, actor, row, { receiptKeyId: accepted.keyId }));
    await audit.record(entries, tx);
    return { deliveryId: delivery.id, outcome: 'acknowledged', status: 'delivered', keyId: accepted.keyId };
  });
}

async function findDelivery(dataSource: DataSource, deliveryId: string): Promise<{ id: string; event_id: string; agency_id: string }> {
  const [row] = UUID_FORMAT.test(deliveryId)
    ? await select<{ id: string; event_id: string; agency_id: string }>(
        dataSource,
        'SELECT id::text, event_id::text, agency_id FROM webhook_deliveries WHERE id = $1::uuid',
        [deliveryId],
      )
    : [];
  if (!row) throw notFound(deliveryId);
  return row;
}

function notFound(deliveryId: string): DeliveryError {
  return new DeliveryError(
    DELIVERY_ERROR_CODES.notFound,
    `No delivery has id ${deliveryId}; acknowledge with the Hub-Delivery-Id of the request.`,
    {
      deliveryId,
    },
  );
}

function refused(deliveryId: string, problem: ReceiptProblem): DeliveryError {
  return new DeliveryError(
    DELIVERY_ERROR_CODES.receiptRefused,
    `The receipt for delivery ${deliveryId} is refused: ${problem.message}. Send {deliveryId, eventId, agency, receivedAt} of this delivery, signed with an active key of the receiving agency over their RFC 8785 canonical form.`,
    { deliveryId, problem: problem.code },
  );
}
